export * from "./categorisation";
export * from "./client";
