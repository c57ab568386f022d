export * from "./server";
export * from "./sigv4";
