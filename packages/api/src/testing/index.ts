export * from "./factories";
export * from "./harness";
export * from "./invoices";
export * from "./ledger";
export * from "./lending";
export * from "./pdf-text";
export * from "./refusals";
