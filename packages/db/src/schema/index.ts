export * from "./accounts";
export * from "./activity";
export * from "./businesses";
export * from "./emails";
export * from "./enums";
export * from "./notifications";
export * from "./relations";
