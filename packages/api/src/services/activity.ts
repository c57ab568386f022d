import { activityLog, type DbOrTx, insertRows, type TActivityChanges } from "@kavi/db";

/** Who did something, from where: carried from the request into every audit row. */
export interface Actor {
  userId: string | null;
  businessId: string | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  /** The API key the request came with (/api/v1); the user is then the key's creator. */
  apiKeyId?: string | null;
}

export const SYSTEM_ACTOR: Actor = {
  userId: null,
  businessId: null,
  ip: null,
  userAgent: null,
  requestId: null,
};

/** The request's who and where, for account-level actions (no business), by a user or by nobody yet. */
export function accountActor(
  request: { ip: string | null; userAgent: string | null; requestId: string },
  userId: string | null,
): Actor {
  return {
    userId,
    businessId: null,
    ip: request.ip,
    userAgent: request.userAgent,
    requestId: request.requestId,
  };
}

export interface ActivityEntry {
  action: string;
  entityType: string;
  entityId?: string | null;
  changes?: TActivityChanges | null;
  metadata?: Record<string, unknown> | null;
  /** Overrides the actor's business (account-level actions pass null). */
  businessId?: string | null;
}

/** Writes an audit row with the caller's transaction, so the change and its record commit or fail together. */
export async function recordActivity(tx: DbOrTx, actor: Actor, entry: ActivityEntry): Promise<void> {
  await recordActivities(tx, actor, [entry]);
}

/** recordActivity for many entries by one actor (a settlement batch), in one statement. */
export async function recordActivities(
  tx: DbOrTx,
  actor: Actor,
  entries: readonly ActivityEntry[],
): Promise<void> {
  if (entries.length === 0) return;
  await insertRows(
    tx,
    activityLog,
    entries.map((entry) => ({
      businessId: entry.businessId === undefined ? actor.businessId : entry.businessId,
      actorUserId: actor.userId,
      actorApiKeyId: actor.apiKeyId ?? null,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId ?? null,
      changes: entry.changes ?? null,
      metadata: entry.metadata ?? null,
      ip: actor.ip,
      userAgent: actor.userAgent,
      requestId: actor.requestId,
    })),
  );
}

const SECRET_FIELDS = /password|secret|token|passkey|hash/i;

function normalise(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Date) return value.toISOString();
  return value ?? null;
}

/** The fields that changed, before and after; secrets are recorded as changed but never their values. */
export function diffChanges<T extends Record<string, unknown>>(
  before: Partial<T> | null,
  after: Partial<T>,
  fields: readonly (keyof T & string)[] = Object.keys(after) as (keyof T & string)[],
): TActivityChanges | null {
  const changes: TActivityChanges = {};
  for (const field of fields) {
    if (!(field in after)) continue;
    const previous = normalise(before?.[field]);
    const next = normalise(after[field]);
    if (JSON.stringify(previous) === JSON.stringify(next)) continue;
    changes[field] = SECRET_FIELDS.test(field)
      ? { before: "[redacted]", after: "[redacted]" }
      : { before: previous, after: next };
  }
  return Object.keys(changes).length > 0 ? changes : null;
}
