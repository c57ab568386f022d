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
