export * from "./contracts/callback-job";
export * from "./define";
export * from "./queue";
export * from "./redis";
export * from "./registry";
export * from "./schedules";
export * from "./worker";
