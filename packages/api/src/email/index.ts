export * from "./layout";
export * from "./templates/account";
export * from "./templates/team";
export * from "./templates/data-rights";
export * from "./templates/digests";
