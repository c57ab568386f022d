export * from "./allocation";
export * from "./dates";
export * from "./numbering";
export * from "./quantity";
export * from "./schemas";
export * from "./status";
export * from "./terms";
export * from "./totals";
