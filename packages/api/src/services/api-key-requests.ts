import { apiKeyRequests, apiKeys, type Database } from "@kavi/db";
import type { ZListApiKeyRequestsSchema } from "@kavi/domain";
import { and, desc, eq, lt, or } from "drizzle-orm";
import type { z } from "zod";
import { AppError } from "../errors";
import type { Logger } from "../logger";
import { decodeCursor, encodeCursor } from "./pagination";

/** How long each call made with a key is kept (the maintenance purge deletes older rows). */
export const API_KEY_REQUEST_RETENTION_DAYS = 90;

/** One call made with an API key. */
export interface ApiKeyRequestEntry {
  apiKeyId: string;
  businessId: string;
  method: string;
  path: string;
  operation: string | null;
  status: number;
  durationMs: number;
  ip: string | null;
  requestId: string | null;
  at: Date;
}

export interface ApiKeyRequestLogOptions {
  /** A batch is written at most this long after its first entry. */
  flushIntervalMs?: number;
  /** A batch this big is written at once. */
  maxBatch?: number;
  /** Entries held while the database is unreachable; beyond this the oldest are dropped (and logged). */
  maxBuffered?: number;
}

/**
 * The audit trail of every call made with an API key, written off the request path: `record` only appends to
 * a buffer, which is inserted as one multi-row statement every second (or at 200 entries), so a read with a
 * key costs no extra round trip. Built once per process (server, tests) and flushed on shutdown; a crash can
 * lose at most the last second's entries, which the activity log does not depend on (changes are audited in
 * their own transaction).
 */
export class ApiKeyRequestLog {
  private buffer: ApiKeyRequestEntry[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();
  private readonly flushIntervalMs: number;
  private readonly maxBatch: number;
  private readonly maxBuffered: number;

  constructor(
    private readonly db: Database,
    private readonly logger: Logger,
    options: ApiKeyRequestLogOptions = {},
  ) {
    this.flushIntervalMs = options.flushIntervalMs ?? 1_000;
    // Ten parameters a row: well under PostgreSQL's 65,535 per statement.
    this.maxBatch = Math.min(options.maxBatch ?? 200, 1_000);
    this.maxBuffered = options.maxBuffered ?? 10_000;
  }

  record(entry: ApiKeyRequestEntry): void {
    this.buffer.push({
      ...entry,
      method: entry.method.slice(0, 10),
      path: entry.path.slice(0, 300),
      operation: entry.operation?.slice(0, 100) ?? null,
      requestId: entry.requestId?.slice(0, 128) ?? null,
      durationMs: Math.max(0, Math.round(entry.durationMs)),
    });
    if (this.buffer.length > this.maxBuffered) {
      const dropped = this.buffer.splice(0, this.buffer.length - this.maxBuffered);
      this.logger.warn(
        { dropped: dropped.length },
        "API key request log is full; dropped the oldest entries",
      );
    }
    if (this.buffer.length >= this.maxBatch) void this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), this.flushIntervalMs);
      this.timer.unref();
    }
  }

  /** Writes everything recorded so far; resolves when it is in the database (or the attempt has failed). */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.writing = this.writing.then(() => this.writeBuffered());
    return this.writing;
  }

  private async writeBuffered(): Promise<void> {
    while (this.buffer.length > 0) {
      const batch = this.buffer.splice(0, this.maxBatch);
      try {
        await this.db
          .insert(apiKeyRequests)
          .values(batch.map(({ at, ...entry }) => ({ ...entry, createdAt: at })));
      } catch (error) {
        // Kept for the next attempt (up to maxBuffered); a key deleted meanwhile makes its rows fail for good.
        this.logger.warn({ err: error, entries: batch.length }, "could not write API key requests");
        if (!isForeignKeyViolation(error)) this.buffer.unshift(...batch);
        if (!this.timer && this.buffer.length > 0) {
          this.timer = setTimeout(() => void this.flush(), this.flushIntervalMs * 5);
          this.timer.unref();
        }
        return;
      }
    }
  }
}

function isForeignKeyViolation(error: unknown): boolean {
  const code = (error as { code?: unknown; cause?: { code?: unknown } } | null) ?? null;
  return code?.code === "23503" || code?.cause?.code === "23503";
}

/** A key's recent calls, newest first, in pages (Settings → API). The key must be the business's own. */
export async function listApiKeyRequests(
  db: Database,
  businessId: string,
  input: z.output<typeof ZListApiKeyRequestsSchema>,
) {
  const [key] = await db
    .select({ id: apiKeys.id })
    .from(apiKeys)
    .where(and(eq(apiKeys.businessId, businessId), eq(apiKeys.id, input.apiKeyId)))
    .limit(1);
  if (!key) throw new AppError("NOT_FOUND", "API key not found");
  const after = decodeCursor(input.cursor);
  const rows = await db
    .select({
      id: apiKeyRequests.id,
      method: apiKeyRequests.method,
      path: apiKeyRequests.path,
      operation: apiKeyRequests.operation,
      status: apiKeyRequests.status,
      durationMs: apiKeyRequests.durationMs,
      ip: apiKeyRequests.ip,
      requestId: apiKeyRequests.requestId,
      createdAt: apiKeyRequests.createdAt,
    })
    .from(apiKeyRequests)
    .where(
      and(
        eq(apiKeyRequests.businessId, businessId),
        eq(apiKeyRequests.apiKeyId, input.apiKeyId),
        after
          ? or(
              lt(apiKeyRequests.createdAt, after.createdAt),
              and(eq(apiKeyRequests.createdAt, after.createdAt), lt(apiKeyRequests.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(apiKeyRequests.createdAt), desc(apiKeyRequests.id))
    .limit(input.limit + 1);
  const items = rows.slice(0, input.limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor:
      rows.length > input.limit && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null,
  };
}
