export * from "./layout";
export * from "./templates/account";
export * from "./templates/alerts";
export * from "./templates/team";
