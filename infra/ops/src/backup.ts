import { mkdir, rename, rm, stat } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { sha256OfFile, writeChecksumFile } from "./checksum";
import { assertDatabaseName, type ConnectionSettings, libpqEnvironment, toolPath } from "./connection";
import { runTool } from "./run-tool";

export interface BackupResult {
  readonly database: string;
  readonly dumpPath: string;
  readonly checksumPath: string;
  readonly sha256: string;
  readonly sizeBytes: number;
  readonly createdAt: Date;
}

/** `kavi-<database>-YYYYMMDDTHHMMSSZ.dump`, in UTC. */
export function backupFileName(database: string, at: Date): string {
  const stamp = at
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replaceAll("-", "")
    .replaceAll(":", "");
  return `kavi-${database}-${stamp}.dump`;
}

const BACKUP_FILE = /^kavi-(?<database>[A-Za-z0-9_-]+)-(?<stamp>\d{8}T\d{6}Z)\.dump$/;

/** The database a dump was taken from, read back from its file name. */
export function databaseOfBackup(dumpPath: string): string | undefined {
  return BACKUP_FILE.exec(basename(dumpPath))?.groups?.database;
}

/**
 * pg_dump in custom format (compressed; pg_restore can restore it selectively and in parallel),
 * written under a temporary name and renamed when complete, with a SHA-256 file beside it.
 */
export async function createBackup(options: {
  settings: ConnectionSettings;
  database: string;
  directory: string;
  now?: Date;
}): Promise<BackupResult> {
  const database = assertDatabaseName(options.database);
  const createdAt = options.now ?? new Date();
  await mkdir(options.directory, { recursive: true });
  const dumpPath = resolve(join(options.directory, backupFileName(database, createdAt)));
  const partialPath = `${dumpPath}.partial`;
  try {
    await runTool(
      toolPath(options.settings, "pg_dump"),
      ["--format=custom", "--compress=6", "--no-password", `--file=${partialPath}`, `--dbname=${database}`],
      libpqEnvironment(options.settings),
    );
    await rename(partialPath, dumpPath);
  } catch (error) {
    await rm(partialPath, { force: true });
    throw error;
  }
  const sha256 = await sha256OfFile(dumpPath);
  const checksumPath = await writeChecksumFile(dumpPath, sha256);
  const { size } = await stat(dumpPath);
  return { database, dumpPath, checksumPath, sha256, sizeBytes: size, createdAt };
}

/** Copies the dump and its checksum to S3 with the AWS CLI (credentials from the usual AWS chain). */
export async function uploadBackup(result: BackupResult, s3Uri: string): Promise<string[]> {
  const prefix = s3Uri.replace(/\/+$/, "");
  const uploaded: string[] = [];
  for (const path of [result.dumpPath, result.checksumPath]) {
    const target = `${prefix}/${basename(path)}`;
    await runTool("aws", ["s3", "cp", path, target, "--only-show-errors", "--sse", "AES256"]);
    uploaded.push(target);
  }
  return uploaded;
}
