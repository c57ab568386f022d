export * from "./evaluate";
export * from "./expected";
export * from "./questions";
