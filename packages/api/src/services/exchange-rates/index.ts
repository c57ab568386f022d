export * from "./config";
export * from "./ingest";
export * from "./rates";
