import type { Caller } from "./caller";

/**
 * The caller resolved for a (session, business) pair, kept for a moment. A signed-in screen fires several
 * requests at once and every one needs the same answer; re-reading it each time was a PostgreSQL round trip per
 * request. Only positive answers are kept (a session without a membership is always re-read, so an accepted
 * invitation works at once), for at most CALLER_CACHE_TTL_MS, and this process drops entries the moment it
 * changes what they say (sign-out, role or module change, removal, business edits). Another server instance
 * sees such a change within the TTL.
 */
export const CALLER_CACHE_TTL_MS = 2_000;
const LIMIT = 10_000;

interface Entry {
  caller: Caller;
  expiresAt: number;
}

const entries = new Map<string, Entry>();

function keyOf(sessionId: string, businessId: string | null): string {
  return `${sessionId}|${businessId ?? ""}`;
}

export function readCachedCaller(sessionId: string, businessId: string | null, now: number): Caller | null {
  const key = keyOf(sessionId, businessId);
  const entry = entries.get(key);
  if (!entry) return null;
  if (entry.expiresAt <= now) {
    entries.delete(key);
    return null;
  }
  return entry.caller;
}

export function rememberCaller(caller: Caller, businessId: string | null, now: number): void {
  if (businessId && !caller.membership) return;
  if (entries.size >= LIMIT) {
    const oldest = entries.keys().next().value;
    if (oldest !== undefined) entries.delete(oldest);
  }
  entries.set(keyOf(caller.sessionId, businessId), { caller, expiresAt: now + CALLER_CACHE_TTL_MS });
}

export interface CallerChange {
  sessionIds?: readonly string[];
  userId?: string;
  businessId?: string;
}

/** Forgets every cached caller the change could affect. */
export function forgetCallers(change: CallerChange): void {
  for (const [key, entry] of entries) {
    const { caller } = entry;
    if (
      change.sessionIds?.includes(caller.sessionId) ||
      (change.userId && caller.user.id === change.userId) ||
      (change.businessId && caller.business?.id === change.businessId)
    ) {
      entries.delete(key);
    }
  }
}
