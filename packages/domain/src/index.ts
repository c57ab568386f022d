export * from "./access";
export * from "./invoices";
export * from "./money";
export * from "./phone";
export * from "./schemas";
export * from "./time";
