export * from "./reminders";
export * from "./repayment";
export * from "./schedule";
export * from "./schemas";
export * from "./transfers";
