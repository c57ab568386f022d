export * from "./amount";
export * from "./callbacks";
export * from "./client";
export * from "./password";
export * from "./result-codes";
export * from "./timestamp";
