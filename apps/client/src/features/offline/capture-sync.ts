import { toProblem } from "../../lib/errors";
import type { CapturedEntry, CaptureStore, TQueuedCreate } from "./capture-store";

/** The two calls a sync makes; the app passes the tRPC client's, tests their own. */
export interface SyncApi {
  create(businessId: string, input: TQueuedCreate): Promise<{ id: string }>;
  attachReceipt(
    businessId: string,
    transactionId: string,
    receipt: NonNullable<CapturedEntry["receipt"]>,
  ): Promise<void>;
}

export type SyncOutcome =
  | { kind: "retry" }
  | { kind: "refused"; message: string; fieldErrors: Record<string, string[]> | null };

/**
 * Why a send failed, as the queue sees it: no connection, a server hiccup, a rate limit or an expired session
 * get better by waiting; anything else is the server saying no to this entry, which waiting will not change.
 */
export function classifyFailure(error: unknown): SyncOutcome {
  const problem = toProblem(error);
  if (
    problem.kind === "network" ||
    problem.kind === "server" ||
    problem.kind === "rate-limited" ||
    problem.kind === "unauthorized"
  ) {
    return { kind: "retry" };
  }
  return { kind: "refused", message: problem.message, fieldErrors: problem.fieldErrors };
}

const FIRST_RETRY_MS = 5_000;
const LONGEST_WAIT_MS = 5 * 60_000;

/** 5 s, 10 s, 20 s… up to 5 minutes between tries of one entry. */
export function retryDelayMs(attempts: number): number {
  return Math.min(LONGEST_WAIT_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1));
}

export interface SyncSummary {
  /** Entries booked (and their photos uploaded) in this run. */
  synced: number;
  /** Entries the server refused in this run. */
  refused: number;
  /** True when a send could not get through: the rest waits for the next try. */
  stalled: boolean;
}

export interface SyncOptions {
  store: CaptureStore;
  api: SyncApi;
  /** Only this person's entries are sent (another account's stay on the device for them). */
  userId: string;
  now: () => number;
  /** "Sync now" and the online event: ignore the back-off. */
  force?: boolean;
}

/**
 * Sends the queue in the order it was captured. A refusal turns that entry into a conflict and the sync goes on;
 * a failure that waiting may cure stops the run there (later entries never overtake an earlier one), and that
 * entry is tried again after its back-off.
 */
export async function syncCaptures(options: SyncOptions): Promise<SyncSummary> {
  const { store, api, userId, now } = options;
  const summary: SyncSummary = { synced: 0, refused: 0, stalled: false };
  const entries = (await store.list()).filter(
    (entry) => entry.userId === userId && entry.state !== "conflict",
  );
  for (const queued of entries) {
    if (!options.force && queued.nextAttemptAt > now()) {
      summary.stalled = true;
      break;
    }
    // Another tab may have finished or discarded it while this run was on an earlier entry.
    let entry = await store.get(queued.id);
    if (!entry || entry.state === "conflict") continue;
    if (entry.state === "waiting") {
      const booked = await attempt(() => api.create(entry?.businessId ?? "", entry?.input as TQueuedCreate));
      if (booked.kind !== "ok") {
        const stop = await settleFailure(store, entry, booked, now());
        if (stop) {
          summary.stalled = true;
          break;
        }
        summary.refused += 1;
        continue;
      }
      if (!entry.receipt) {
        await store.remove(entry.id);
        summary.synced += 1;
        continue;
      }
      entry = { ...entry, state: "photo", transactionId: booked.value.id, attempts: 0, problem: null };
      await store.put(entry);
    }
    if (entry.state === "photo" && entry.transactionId && entry.receipt) {
      const { businessId, transactionId, receipt } = entry;
      const uploaded = await attempt(() => api.attachReceipt(businessId, transactionId, receipt));
      if (uploaded.kind !== "ok") {
        const stop = await settleFailure(store, entry, uploaded, now());
        if (stop) {
          summary.stalled = true;
          break;
        }
        summary.refused += 1;
        continue;
      }
    }
    await store.remove(entry.id);
    summary.synced += 1;
  }
  return summary;
}

async function attempt<T>(call: () => Promise<T>): Promise<{ kind: "ok"; value: T } | SyncOutcome> {
  try {
    return { kind: "ok", value: await call() };
  } catch (error) {
    return classifyFailure(error);
  }
}

/** Records a failed send; true when the run should stop (the failure may pass by itself). */
async function settleFailure(
  store: CaptureStore,
  entry: CapturedEntry,
  outcome: SyncOutcome,
  now: number,
): Promise<boolean> {
  if (outcome.kind === "retry") {
    const attempts = entry.attempts + 1;
    await store.put({ ...entry, attempts, nextAttemptAt: now + retryDelayMs(attempts) });
    return true;
  }
  await store.put({
    ...entry,
    state: "conflict",
    problem: { message: outcome.message, fieldErrors: outcome.fieldErrors },
  });
  return false;
}

/** After the person fixed a conflicted entry: it waits again, under the same key, and is sent next. */
export function retryWith(entry: CapturedEntry, input: TQueuedCreate, now: number): CapturedEntry {
  return {
    ...entry,
    input: { ...input, clientRequestId: entry.input.clientRequestId },
    state: entry.transactionId ? "photo" : "waiting",
    attempts: 0,
    nextAttemptAt: now,
    problem: null,
  };
}
