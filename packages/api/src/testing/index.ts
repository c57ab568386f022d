export * from "./factories";
export * from "./harness";
export * from "./invoices";
export * from "./refusals";
export * from "./lending";
