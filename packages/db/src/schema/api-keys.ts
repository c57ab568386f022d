import { sql } from "drizzle-orm";
import {
  index,
  inet,
  integer,
  jsonb,
  pgTable,
  smallint,
  text,
  uniqueIndex,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { businesses } from "./businesses";
import { id, timestamps, timestamptz } from "./columns";

/** One scope of an API key: a module and how far into it the key reaches. */
export type TApiKeyScope = { module: string; access: "read" | "write" };

/**
 * API keys for the REST API (/api/v1). A key belongs to a business and acts for the owner or admin who
 * created it, never beyond that member's own access, narrowed by its scopes. Only a SHA-256 of the secret is
 * kept (the secret is 256 random bits, so a fast hash is enough); `prefix` is its first characters, for people
 * to recognise a key in a list.
 */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: id(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    createdByUserId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: varchar({ length: 100 }).notNull(),
    /** `kavi_live_` or `kavi_test_` plus the first characters of the secret, shown in the list. */
    prefix: varchar({ length: 32 }).notNull(),
    secretHash: varchar({ length: 64 }).notNull(),
    scopes: jsonb().$type<TApiKeyScope[]>().notNull(),
    rateLimitPerHour: integer().notNull(),
    expiresAt: timestamptz(),
    revokedAt: timestamptz(),
    lastUsedAt: timestamptz(),
    lastUsedIp: inet(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("api_keys_secret_hash_key").on(t.secretHash),
    index("api_keys_business_idx").on(t.businessId, t.createdAt.desc()),
  ],
);

/**
 * Idempotency-Key records for creating POSTs on /api/v1: the first response is kept for 24 hours and replayed
 * for a repeat with the same body; a different body under the same key is refused. Kept in PostgreSQL, not
 * Redis: a replay decides whether money-bearing rows (an invoice, an M-Pesa prompt) are created twice, so the
 * record must survive a Redis restart or failover the way the rows it guards do.
 */
export const apiIdempotencyKeys = pgTable(
  "api_idempotency_keys",
  {
    id: id(),
    /** Who sent it: `key:<api key id>` or `user:<user id>`; keys never collide across callers. */
    owner: varchar({ length: 60 }).notNull(),
    key: varchar({ length: 255 }).notNull(),
    /** The operation and a SHA-256 of its canonical request (path parameters and body). */
    operationId: varchar({ length: 100 }).notNull(),
    requestHash: varchar({ length: 64 }).notNull(),
    /** Null while the first request is still running. */
    responseStatus: smallint(),
    responseBody: text(),
    createdAt: timestamptz().notNull().defaultNow(),
    expiresAt: timestamptz().notNull().default(sql`now() + interval '24 hours'`),
  },
  (t) => [
    uniqueIndex("api_idempotency_keys_owner_key").on(t.owner, t.key),
    index("api_idempotency_keys_expires_idx").on(t.expiresAt),
  ],
);

/**
 * One row per call made with an API key (REST v1 or tRPC): the key's audit trail of reads and writes alike.
 * Written in batches, off the request path (packages/api ApiKeyRequestLog), and kept 90 days (the maintenance
 * purge); changes also leave their activity-log rows, in the same transaction as the change.
 */
export const apiKeyRequests = pgTable(
  "api_key_requests",
  {
    id: id(),
    apiKeyId: uuid()
      .notNull()
      .references(() => apiKeys.id, { onDelete: "cascade" }),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    method: varchar({ length: 10 }).notNull(),
    /** The path as called, without the query string (which may carry search terms). */
    path: varchar({ length: 300 }).notNull(),
    /** The REST operationId, or the tRPC procedure's path. */
    operation: varchar({ length: 100 }),
    status: smallint().notNull(),
    durationMs: integer().notNull(),
    ip: inet(),
    requestId: varchar({ length: 128 }),
    createdAt: timestamptz().notNull(),
  },
  (t) => [
    index("api_key_requests_key_idx").on(t.apiKeyId, t.createdAt.desc()),
    index("api_key_requests_created_idx").on(t.createdAt),
  ],
);
