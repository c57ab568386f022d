import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import journal from "../migrations/meta/_journal.json" with { type: "json" };
import type { Database } from "./client";

export const migrationsFolder = fileURLToPath(new URL("../migrations", import.meta.url));

export async function runMigrations(db: Database, folder: string = migrationsFolder): Promise<void> {
  await migrate(db, { migrationsFolder: folder });
}

export interface MigrationStatus {
  expected: number;
  applied: number;
  current: boolean;
  latest: string | null;
}

/** Compares the migrations this build ships with what the database has applied (for /api/ready). */
export async function getMigrationStatus(db: Database): Promise<MigrationStatus> {
  const entries = journal.entries;
  const latest = entries.at(-1);
  const result = await db
    .execute<{ applied: string; last: string | null }>(sql`
    select count(*)::text as applied, max(created_at)::text as last
    from drizzle.__drizzle_migrations
  `)
    .catch(() => null);
  const row = result?.rows[0];
  const applied = row ? Number(row.applied) : 0;
  const lastApplied = row?.last ? Number(row.last) : 0;
  return {
    expected: entries.length,
    applied,
    current: latest === undefined || lastApplied >= latest.when,
    latest: latest?.tag ?? null,
  };
}
