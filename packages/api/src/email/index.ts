export * from "./layout";
export * from "./templates/account";
export * from "./templates/alerts";
export * from "./templates/data-rights";
export * from "./templates/digests";
export * from "./templates/lending";
export * from "./templates/team";
