export * from "./evaluate";
export * from "./model";
export * from "./synthetic";
export * from "./tokenise";
