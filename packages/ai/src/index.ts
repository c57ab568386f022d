export * from "./assistant";
export * from "./categorisation";
export * from "./client";
