/** Domain services for the worker and scripts (routers import them directly). */
export * from "./activity";
export * from "./email-outbox";
export * from "./invoices";
export { purgeExpiredAuthData } from "./maintenance";
export * from "./notifications";
export { checkReadiness, isPlatformOperator, type ReadinessCheck } from "./operations";
export * from "./service-context";
export * from "./unit-of-work";
