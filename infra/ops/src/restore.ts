import { checkChecksumFile } from "./checksum";
import { assertDatabaseName, type ConnectionSettings, libpqEnvironment, toolPath } from "./connection";
import { countUserRelations, createDatabase, databaseExists, dropDatabase } from "./databases";
import { runTool } from "./run-tool";

export class RestoreRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RestoreRefusedError";
  }
}

/**
 * pg_restore into an existing database, in one transaction: all or nothing. Objects are owned by
 * the connecting role (`--no-owner --no-privileges`), so a dump restores into any server.
 */
export async function restoreDump(options: {
  settings: ConnectionSettings;
  dumpPath: string;
  database: string;
  /** Drop the dump's objects before recreating them (`--clean --if-exists`). */
  replaceExisting: boolean;
}): Promise<void> {
  const args = [
    "--no-owner",
    "--no-privileges",
    "--exit-on-error",
    "--single-transaction",
    "--no-password",
    ...(options.replaceExisting ? ["--clean", "--if-exists"] : []),
    `--dbname=${assertDatabaseName(options.database)}`,
    options.dumpPath,
  ];
  await runTool(toolPath(options.settings, "pg_restore"), args, libpqEnvironment(options.settings));
}

export interface RestoreResult {
  readonly database: string;
  readonly createdDatabase: boolean;
  readonly replacedExisting: boolean;
}

/**
 * Restores a verified dump into `targetDatabase`, creating it if needed. A database that already
 * holds anything is only overwritten with `force`.
 */
export async function restoreBackup(options: {
  settings: ConnectionSettings;
  dumpPath: string;
  targetDatabase: string;
  force?: boolean;
}): Promise<RestoreResult> {
  const { settings, dumpPath } = options;
  const database = assertDatabaseName(options.targetDatabase);
  const checksum = await checkChecksumFile(dumpPath);
  if (!checksum.ok) throw new RestoreRefusedError(`Not restoring ${dumpPath}: ${checksum.reason}`);

  const exists = await databaseExists(settings, database);
  let replaceExisting = false;
  if (exists) {
    const relations = await countUserRelations(settings, database);
    if (relations > 0 && options.force !== true) {
      throw new RestoreRefusedError(
        `Database "${database}" is not empty (${relations} relations). Pass --force to replace its contents.`,
      );
    }
    replaceExisting = relations > 0;
  } else {
    await createDatabase(settings, database);
  }

  try {
    await restoreDump({ settings, dumpPath, database, replaceExisting });
  } catch (error) {
    // Leave nothing half-made behind: the restore ran in one transaction, the database is ours.
    if (!exists) await dropDatabase(settings, database);
    throw error;
  }
  return { database, createdDatabase: !exists, replacedExisting: replaceExisting };
}
