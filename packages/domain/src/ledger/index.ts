export * from "./categories";
export * from "./categorisation";
export * from "./constants";
export * from "./dates";
export * from "./exchange";
export * from "./schemas";
