export * from "./client";
export { getMigrationStatus, type MigrationStatus, migrationsFolder, runMigrations } from "./migrate";
export * as schema from "./schema";
export * from "./schema";
