export * from "./client";
export { getMigrationStatus, type MigrationStatus, migrationsFolder, runMigrations } from "./migrate";
export * from "./rules";
export * as schema from "./schema";
export * from "./schema";
