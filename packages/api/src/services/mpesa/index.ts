/** M-Pesa services shared by the routers, the webhook routes and the worker. */
export * from "./balance";
export * from "./batch-settlement";
export * from "./c2b";
export * from "./callback-sources";
export * from "./config";
export * from "./confirmation";
export * from "./inbox";
export * from "./payment-detail";
export * from "./payments";
export * from "./payouts";
export * from "./process";
export * from "./reversals";
export * from "./settings";
export * from "./stk";
