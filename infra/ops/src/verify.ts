import { randomBytes } from "node:crypto";
import { type ChecksumCheck, checkChecksumFile } from "./checksum";
import type { ConnectionSettings } from "./connection";
import { createDatabase, dropDatabase } from "./databases";
import { compareFingerprints, fingerprintDatabase, type TableComparison } from "./fingerprint";
import { restoreDump } from "./restore";

export interface VerifyResult {
  /** True only if the checksum holds and every table matches. */
  readonly ok: boolean;
  readonly checksum: ChecksumCheck;
  readonly tables: readonly TableComparison[];
  /** The scratch database the dump was restored into (dropped again before returning). */
  readonly scratchDatabase?: string;
}

export function scratchDatabaseName(prefix = "kavi_verify"): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
}

/**
 * Proves a dump restores to what the source holds: checks its SHA-256, restores it into a scratch
 * database created for the purpose, compares row counts and content checksums of every `public`
 * table with the source, then drops the scratch database (and only it).
 *
 * Compare against a source that is not being written to (right after the backup, a staging copy, or
 * a database restored from the same point in time): rows written since the dump count as differences.
 */
export async function verifyBackup(options: {
  settings: ConnectionSettings;
  dumpPath: string;
  sourceDatabase: string;
  scratchDatabase?: string;
}): Promise<VerifyResult> {
  const { settings } = options;
  const checksum = await checkChecksumFile(options.dumpPath);
  if (!checksum.ok) return { ok: false, checksum, tables: [] };

  const scratchDatabase = options.scratchDatabase ?? scratchDatabaseName();
  await createDatabase(settings, scratchDatabase);
  try {
    await restoreDump({
      settings,
      dumpPath: options.dumpPath,
      database: scratchDatabase,
      replaceExisting: false,
    });
    const [source, restored] = await Promise.all([
      fingerprintDatabase(settings, options.sourceDatabase),
      fingerprintDatabase(settings, scratchDatabase),
    ]);
    const tables = compareFingerprints(source, restored);
    return { ok: tables.every((table) => table.status === "match"), checksum, tables, scratchDatabase };
  } finally {
    await dropDatabase(settings, scratchDatabase);
  }
}
