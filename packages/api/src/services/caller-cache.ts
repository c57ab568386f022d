import type { Caller } from "./caller";

/**
 * The caller resolved for a (session, business) pair, kept for a moment. A signed-in screen fires several
 * requests at once and every one needs the same answer; re-reading it each time was a PostgreSQL round trip per
 * request. Only positive answers are kept (a session without a membership is always re-read, so an accepted
 * invitation works at once), for at most CALLER_CACHE_TTL_MS. Another server instance sees a change within the
 * TTL.
 *
 * One instance per process, built at start-up with the other services (ApiServices.callers) and passed
 * explicitly. Services that change what a cached caller says (sign-out, role or module change, removal,
 * business edits) forget the affected entries after their transaction commits (`afterCommit.forgetCallers`):
 * forgetting before the commit would let a request that reads the old rows in between cache them again.
 * A load that started before a forget does not store what it read (the generation check), so a read that
 * straddles the commit cannot put the old answer back either.
 */
export const CALLER_CACHE_TTL_MS = 2_000;
const DEFAULT_LIMIT = 10_000;

interface Entry {
  caller: Caller;
  expiresAt: number;
}

export interface CallerChange {
  sessionIds?: readonly string[];
  userId?: string;
  businessId?: string;
}

function keyOf(sessionId: string, businessId: string | null): string {
  return `${sessionId}|${businessId ?? ""}`;
}

export class CallerCache {
  private readonly entries = new Map<string, Entry>();
  private forgets = 0;

  constructor(
    private readonly ttlMs = CALLER_CACHE_TTL_MS,
    private readonly limit = DEFAULT_LIMIT,
  ) {}

  /** Taken before a load; pass it to `remember` so a forget in between wins. */
  generation(): number {
    return this.forgets;
  }

  read(sessionId: string, businessId: string | null, now: number): Caller | null {
    const key = keyOf(sessionId, businessId);
    const entry = this.entries.get(key);
    if (!entry) return null;
    if (entry.expiresAt <= now) {
      this.entries.delete(key);
      return null;
    }
    return entry.caller;
  }

  remember(caller: Caller, businessId: string | null, now: number, generation: number): void {
    if (businessId && !caller.membership) return;
    if (generation !== this.forgets) return;
    if (this.entries.size >= this.limit) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(keyOf(caller.sessionId, businessId), { caller, expiresAt: now + this.ttlMs });
  }

  /** Forgets every cached caller the change could affect. Call it after the change has committed. */
  forget(change: CallerChange): void {
    this.forgets += 1;
    for (const [key, entry] of this.entries) {
      const { caller } = entry;
      if (
        change.sessionIds?.includes(caller.sessionId) ||
        (change.userId && caller.user.id === change.userId) ||
        (change.businessId && caller.business?.id === change.businessId)
      ) {
        this.entries.delete(key);
      }
    }
  }
}
