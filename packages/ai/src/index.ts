export * from "./assistant";
export * from "./categorisation";
export * from "./client";
export * from "./receipts";
