export * from "./cbk";
