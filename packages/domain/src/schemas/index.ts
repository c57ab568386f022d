export * from "./api-keys";
export * from "./auth";
export * from "./business";
export * from "./common";
export * from "./mpesa";
export * from "./notification-kinds";
