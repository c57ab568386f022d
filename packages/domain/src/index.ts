export * from "./access";
export * from "./csv";
export * from "./invoices";
export * from "./ledger";
export * from "./money";
export * from "./phone";
export * from "./schemas";
export * from "./time";
