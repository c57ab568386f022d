export * from "./client";
export { type InsertRowsOptions, insertRows } from "./insert-rows";
export { getMigrationStatus, type MigrationStatus, migrationsFolder, runMigrations } from "./migrate";
export { preparedSelect, prepareSelect } from "./prepared-select";
export * from "./rules";
export * as schema from "./schema";
export * from "./schema";
