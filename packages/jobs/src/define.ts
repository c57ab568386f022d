import type { JobsOptions } from "bullmq";
import type { z } from "zod";

export interface QueueSettings {
  /** Jobs processed at once by one worker process. */
  concurrency: number;
  /** How long a job may run before BullMQ considers its worker dead and hands it to another. */
  lockDurationMs: number;
  defaultJobOptions: JobsOptions;
}

export interface JobContract<TQueue extends string, TSchema extends z.ZodType> {
  queue: TQueue;
  schema: TSchema;
  options?: JobsOptions;
  /**
   * A deterministic job id where idempotency matters: BullMQ ignores a second add with the same id while the
   * first is still known. Ids may not contain ":".
   */
  jobId?: (payload: z.output<TSchema>) => string;
  description: string;
}

export function defineJob<TQueue extends string, TSchema extends z.ZodType>(
  contract: JobContract<TQueue, TSchema>,
): JobContract<TQueue, TSchema> {
  return contract;
}

export interface ScheduleContract<TJob extends string> {
  job: TJob;
  /** Cron pattern, evaluated in `timezone`. */
  pattern?: string;
  /** Or a fixed interval. */
  everyMs?: number;
  timezone?: string;
  payload: unknown;
  description: string;
}

/**
 * A queue's settings from what differs between queues. Retries back off exponentially from `backoffMs`;
 * completed jobs are kept for `keepCompleted` (age in seconds, newest `count`), failed ones for
 * `keepFailedSeconds` (for ever when absent).
 */
export function queueSettings(settings: {
  concurrency: number;
  lockDurationMs: number;
  attempts: number;
  backoffMs: number;
  keepCompleted: { ageSeconds: number; count: number };
  keepFailedSeconds?: number;
}): QueueSettings {
  return {
    concurrency: settings.concurrency,
    lockDurationMs: settings.lockDurationMs,
    defaultJobOptions: {
      attempts: settings.attempts,
      backoff: { type: "exponential", delay: settings.backoffMs },
      removeOnComplete: { age: settings.keepCompleted.ageSeconds, count: settings.keepCompleted.count },
      ...(settings.keepFailedSeconds === undefined
        ? {}
        : { removeOnFail: { age: settings.keepFailedSeconds } }),
    },
  };
}

/** A schedule by cron `pattern` in Nairobi time, with an empty payload. */
export function nairobi<TJob extends string>(
  job: TJob,
  pattern: string,
  description: string,
): ScheduleContract<TJob> {
  return { job, pattern, timezone: "Africa/Nairobi", payload: {}, description };
}

/** A schedule at a fixed interval, with an empty payload. */
export function every<TJob extends string>(
  job: TJob,
  everyMs: number,
  description: string,
): ScheduleContract<TJob> {
  return { job, everyMs, payload: {}, description };
}
