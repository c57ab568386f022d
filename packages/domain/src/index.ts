export * from "./access";
export * from "./money";
export * from "./phone";
export * from "./schemas";
export * from "./time";
