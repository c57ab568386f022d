import { createHash } from "node:crypto";
import { apiIdempotencyKeys, type Database } from "@kavi/db";
import { and, eq, lte } from "drizzle-orm";

/** How long a first response is kept and replayed. */
export const IDEMPOTENCY_WINDOW_MS = 24 * 3_600_000;

export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

export type IdempotencyClaim =
  | { kind: "first"; id: string }
  | { kind: "replay"; status: number; body: string }
  | { kind: "conflict"; message: string };

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, item]) => [key, canonical(item)]),
    );
  }
  return value;
}

/** A fingerprint of what was asked: the operation, its path parameters and its body, keys in order. */
export function requestFingerprint(operationId: string, request: unknown): string {
  return createHash("sha256")
    .update(JSON.stringify([operationId, canonical(request)]))
    .digest("hex");
}

/**
 * Claims an Idempotency-Key for one request. The first request with a key runs and its response is kept for 24
 * hours; a repeat with the same fingerprint gets that response again; a different request under the same key,
 * or a repeat while the first is still running, is a conflict. The unique index makes concurrent first requests
 * safe: exactly one inserts.
 */
export async function claimIdempotencyKey(
  db: Database,
  owner: string,
  key: string,
  operationId: string,
  fingerprint: string,
  now: Date,
): Promise<IdempotencyClaim> {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const [inserted] = await db
      .insert(apiIdempotencyKeys)
      .values({
        owner,
        key,
        operationId,
        requestHash: fingerprint,
        createdAt: now,
        expiresAt: new Date(now.getTime() + IDEMPOTENCY_WINDOW_MS),
      })
      .onConflictDoNothing()
      .returning({ id: apiIdempotencyKeys.id });
    if (inserted) return { kind: "first", id: inserted.id };
    const [existing] = await db
      .select()
      .from(apiIdempotencyKeys)
      .where(and(eq(apiIdempotencyKeys.owner, owner), eq(apiIdempotencyKeys.key, key)))
      .limit(1);
    if (!existing) continue;
    if (existing.expiresAt.getTime() <= now.getTime()) {
      // Past its 24 hours: the key is free again.
      await db
        .delete(apiIdempotencyKeys)
        .where(and(eq(apiIdempotencyKeys.id, existing.id), lte(apiIdempotencyKeys.expiresAt, now)));
      continue;
    }
    if (existing.requestHash !== fingerprint) {
      return {
        kind: "conflict",
        message:
          "This Idempotency-Key was already used for a different request. Use a new key for a new request.",
      };
    }
    if (existing.responseStatus === null || existing.responseBody === null) {
      return {
        kind: "conflict",
        message: "A request with this Idempotency-Key is still running. Try again shortly.",
      };
    }
    return { kind: "replay", status: existing.responseStatus, body: existing.responseBody };
  }
  return { kind: "conflict", message: "This Idempotency-Key is busy. Try again shortly." };
}

/** Keeps a successful response for replay. */
export async function completeIdempotencyKey(db: Database, id: string, status: number, body: string) {
  await db
    .update(apiIdempotencyKeys)
    .set({ responseStatus: status, responseBody: body })
    .where(eq(apiIdempotencyKeys.id, id));
}

/** A failed request frees its key, so the client can fix the request and send it again under the same key. */
export async function releaseIdempotencyKey(db: Database, id: string) {
  await db.delete(apiIdempotencyKeys).where(eq(apiIdempotencyKeys.id, id));
}
