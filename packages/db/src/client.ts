import type { ExtractTablesWithRelations } from "drizzle-orm";
import { drizzle, type NodePgDatabase, type NodePgQueryResultHKT } from "drizzle-orm/node-postgres";
import type { PgTransaction } from "drizzle-orm/pg-core";
import pg from "pg";
import * as schema from "./schema";

export type Schema = typeof schema;
/** `$client` is the pool, for the rare hot path that sends a named (prepared) statement itself. */
export type Database = NodePgDatabase<Schema> & { $client: pg.Pool };
export type Transaction = PgTransaction<NodePgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Query functions take either, so they compose inside a caller's transaction. */
export type DbOrTx = Database | Transaction;

// int8 (bigint) columns hold money in minor units: keep them exact.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => BigInt(value));

export interface DatabaseOptions {
  url: string;
  /** Pool size; the spec's Fargate tasks are small, so keep it modest. */
  max?: number;
  ssl?: boolean;
  applicationName?: string;
  statementTimeoutMs?: number;
  /**
   * How long a query waits for a free pooled connection before it fails (default 5 s: a request answers 503 rather
   * than hang). The worker waits longer: its jobs are background work, and failing one only to retry it later
   * delays it more (issue 13's load test).
   */
  connectionTimeoutMs?: number;
  /** Told when a pooled connection dies (PostgreSQL restarted, a failover); the pool replaces it. */
  onIdleError?: (error: Error) => void;
}

export interface DatabaseHandle {
  db: Database;
  pool: pg.Pool;
  close(): Promise<void>;
}

export function createDatabase(options: DatabaseOptions): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.max ?? 10,
    ssl: options.ssl ? { rejectUnauthorized: true } : undefined,
    application_name: options.applicationName ?? "kavi",
    statement_timeout: options.statementTimeoutMs ?? 15_000,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 5_000,
  });
  // Without listeners, a connection the server drops (a restart, a failover) would end the whole process: idle
  // ones report to the pool, checked-out ones (a transaction waiting on something else) to their client. The
  // pool discards either; the statement in flight, if any, fails on its own.
  pool.on("error", (error) => options.onIdleError?.(error));
  pool.on("connect", (client) => {
    client.on("error", (error) => options.onIdleError?.(error));
  });
  const db = drizzle({ client: pool, schema, casing: "snake_case" });
  return {
    db,
    pool,
    close: () => pool.end(),
  };
}

export interface DatabaseUrlParts {
  DATABASE_URL?: string | undefined;
  DB_HOST?: string | undefined;
  DB_PORT?: string | number | undefined;
  DB_NAME?: string | undefined;
  DB_USER?: string | undefined;
  DB_PASSWORD?: string | undefined;
}

/**
 * DATABASE_URL wins; otherwise the URL is composed from DB_* parts, which is how ECS injects the fields of
 * the RDS-managed secret without anyone having to assemble a URL by hand.
 */
export function resolveDatabaseUrl(parts: DatabaseUrlParts, fallback: string): string {
  if (parts.DATABASE_URL) return parts.DATABASE_URL;
  if (!parts.DB_HOST) return fallback;
  const user = encodeURIComponent(parts.DB_USER ?? "postgres");
  const password = parts.DB_PASSWORD ? `:${encodeURIComponent(parts.DB_PASSWORD)}` : "";
  return `postgres://${user}${password}@${parts.DB_HOST}:${parts.DB_PORT ?? 5432}/${parts.DB_NAME ?? "kavi"}`;
}
