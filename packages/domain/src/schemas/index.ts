export * from "./auth";
export * from "./business";
export * from "./common";
export * from "./mpesa";
export * from "./api-keys";
