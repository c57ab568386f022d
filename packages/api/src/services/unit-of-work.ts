import type { Database, DbOrTx, Transaction } from "@kavi/db";
import type { EnqueueOptions, JobName, JobPayload, JobQueue } from "@kavi/jobs";
import { sql } from "drizzle-orm";
import type { Logger } from "../logger";
import type { CallerCache, CallerChange } from "./caller-cache";

/** Side effects that must only happen once the transaction has committed (enqueueing a job, …). */
export interface AfterCommit {
  enqueue<N extends JobName>(name: N, payload: JobPayload<N>, options?: EnqueueOptions): void;
  run(effect: () => Promise<void>): void;
  /** Drops cached callers the change affects, once it is committed (never before: see caller-cache.ts). */
  forgetCallers(change: CallerChange): void;
}

interface UnitOfWorkServices {
  db: Database;
  jobs: JobQueue;
  logger: Logger;
  /** Needed only by work that changes who may do what (sessions, memberships, the business). */
  callers?: CallerCache;
}

/**
 * Runs `work` in one database transaction, then its after-commit effects. An effect that fails (Redis down)
 * is logged, not thrown: every job we enqueue this way has a durable row a sweeper can recover from.
 */
export async function inTransaction<T>(
  services: UnitOfWorkServices,
  work: (tx: Transaction, afterCommit: AfterCommit) => Promise<T>,
): Promise<T> {
  const effects: Array<() => Promise<void>> = [];
  const forgets: Array<() => void> = [];
  // A batch asks for the same job many times (one budget check per payment of a burst) and for many jobs of one
  // kind (a receipt email per payment): a job id is enqueued once, and plain jobs of a kind go in one addBulk.
  const named = new Set<string>();
  const bulks = new Map<JobName, unknown[]>();
  const afterCommit: AfterCommit = {
    enqueue(name, payload, options) {
      if (options?.jobId) {
        const key = `${name}\u0000${options.jobId}`;
        if (named.has(key)) return;
        named.add(key);
      }
      if (options?.jobId || options?.delayMs) {
        effects.push(async () => {
          await services.jobs.enqueue(name, payload, options);
        });
        return;
      }
      const bulk = bulks.get(name);
      if (bulk) {
        bulk.push(payload);
        return;
      }
      const payloads: JobPayload<typeof name>[] = [payload];
      bulks.set(name, payloads);
      effects.push(async () => {
        if (payloads.length === 1) await services.jobs.enqueue(name, payload);
        else await services.jobs.enqueueBulk(name, payloads);
      });
    },
    run(effect) {
      effects.push(effect);
    },
    forgetCallers(change) {
      const { callers } = services;
      if (!callers) throw new Error("forgetCallers needs a unit of work built with the caller cache");
      // Synchronous and local: it runs first after the commit, before any effect that could fail.
      forgets.push(() => callers.forget(change));
    },
  };
  const result = await services.db.transaction((tx) => work(tx, afterCommit));
  for (const forget of forgets) forget();
  for (const effect of effects) {
    try {
      await effect();
    } catch (error) {
      services.logger.warn({ err: error }, "after-commit effect failed; a sweeper will retry it");
    }
  }
  return result;
}

/**
 * Holds a transaction-scoped advisory lock named by `key` until the transaction ends: concurrent holders of the same
 * key queue, so a read-then-write under it sees what the previous holder committed.
 */
export async function holdTransactionLock(tx: DbOrTx, key: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
}
