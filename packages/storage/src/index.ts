export * from "./keys";
export * from "./sniff";
export * from "./storage";
