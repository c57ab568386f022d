export * from "./layout";
export * from "./templates/account";
export * from "./templates/lending";
export * from "./templates/team";
