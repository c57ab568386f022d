export * from "./formats";
export * from "./import";
export * from "./parse";
