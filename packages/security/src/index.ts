export * from "./encryption";
export * from "./passwords";
export * from "./tokens";
