/** M-Pesa services shared by the routers, the webhook routes and the worker. */
<<<<<<< HEAD
export * from "./batch-settlement";
=======
export * from "./balance";
>>>>>>> h14
export * from "./c2b";
export * from "./callback-sources";
export * from "./config";
export * from "./confirmation";
export * from "./deps-of";
export * from "./inbox";
export * from "./payments";
export * from "./payouts";
export * from "./process";
export * from "./settings";
export * from "./stk";
