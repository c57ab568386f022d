import type { Logger } from "@kavi/api";
import { type JobQueue, missingSchedules, syncSchedules } from "@kavi/jobs";
import type { Redis } from "ioredis";

export interface ScheduleKeeperOptions {
  jobs: JobQueue;
  /** Whenever one of these is ready again after a disconnect, Redis may have come back empty: sync. */
  connections: readonly Redis[];
  logger: Logger;
  /** How often to look for schedules Redis has lost without a reconnect we saw (a FLUSHALL); 0 turns it off. */
  checkEveryMs: number;
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export interface ScheduleKeeper {
  /** Syncs now if any declared schedule is missing; resolves to the names it restored. */
  check(): Promise<string[]>;
  close(): void;
}

/**
 * Schedules (the M-Pesa sweeper among them) live only in Redis. Written once at start-up, they would be gone
 * for good after Redis restarts empty, and nothing would sweep until a worker restarted. The keeper writes
 * them back whenever a connection is re-established, and checks for missing ones on a timer.
 */
export function keepSchedules(options: ScheduleKeeperOptions): ScheduleKeeper {
  const setTimer = options.setTimer ?? ((callback, ms) => setInterval(callback, ms));
  const clearTimer =
    options.clearTimer ?? ((handle) => clearInterval(handle as ReturnType<typeof setInterval>));
  let running: Promise<string[]> | null = null;
  let closed = false;

  const restore = (missing: () => Promise<string[]>, why: string): Promise<string[]> => {
    // One sync at a time: a reconnect and a timer tick landing together must not race each other.
    running ??= (async () => {
      try {
        const names = await missing();
        if (names.length > 0 && !closed) {
          await syncSchedules(options.jobs);
          options.logger.warn({ restored: names, why }, "job schedules were missing from Redis: restored");
        }
        return names;
      } catch (error) {
        options.logger.warn({ err: error, why }, "could not check the job schedules; will try again");
        return [];
      } finally {
        running = null;
      }
    })();
    return running;
  };

  const check = () => restore(() => missingSchedules(options.jobs), "periodic check");
  const onReady = () => {
    void restore(() => missingSchedules(options.jobs), "redis reconnected");
  };
  // ioredis emits "ready" on the first connection too; by then start-up has synced, so a check finds nothing.
  for (const connection of options.connections) connection.on("ready", onReady);
  const timer = options.checkEveryMs > 0 ? setTimer(() => void check(), options.checkEveryMs) : null;

  return {
    check,
    close() {
      closed = true;
      if (timer !== null) clearTimer(timer);
      for (const connection of options.connections) connection.off("ready", onReady);
    },
  };
}
