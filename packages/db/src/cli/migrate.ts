import { createDatabase } from "../client";
import { getMigrationStatus, runMigrations } from "../migrate";
import { cliDatabaseSsl, cliDatabaseUrl } from "./env";

/** Applies the committed migrations. Safe to run on every deploy: applied ones are skipped. */
const handle = createDatabase({
  url: cliDatabaseUrl,
  ssl: cliDatabaseSsl,
  max: 1,
  applicationName: "kavi-migrate",
});
try {
  await runMigrations(handle.db);
  const status = await getMigrationStatus(handle.db);
  console.log(`migrations: ${status.applied} applied, latest ${status.latest ?? "none"}`);
} catch (error) {
  console.error("migration failed:", error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await handle.close();
}
