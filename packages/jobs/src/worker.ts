import { type Job, UnrecoverableError, Worker } from "bullmq";
import type { Redis } from "ioredis";
import {
  type JobName,
  type JobsOfQueue,
  jobs,
  type ParsedJobPayload,
  type QueueName,
  queues,
} from "./registry";
import { TRACE_CARRIER_KEY, withConsumerSpan } from "./trace";

export type JobHandler<N extends JobName> = (payload: ParsedJobPayload<N>, job: Job) => Promise<unknown>;

export type QueueHandlers<Q extends QueueName> = { [N in JobsOfQueue<Q>]: JobHandler<N> };

/**
 * What BullMQ stores as a finished job's result: the handler's value as JSON, bigints (money in minor units) as
 * their decimal strings. BullMQ serialises the result with JSON.stringify after the handler's work is done; a
 * bigint there used to throw, which marked finished work failed and ran it again (issue 13's load test: every
 * forecast refresh failed three times).
 */
export function toJobResult(value: unknown): unknown {
  if (value === undefined) return undefined;
  return JSON.parse(
    JSON.stringify(value, (_key, item: unknown) => (typeof item === "bigint" ? item.toString() : item)),
  );
}

export interface QueueWorkerOptions {
  connection: Redis;
  prefix: string;
  /** Tests start workers paused or with other concurrency. */
  concurrency?: number;
  autorun?: boolean;
}

/**
 * The consumer side: parses every payload with the job's own schema and fails a bad one without retries
 * (an invalid payload will not become valid by trying again).
 */
export function createQueueWorker<Q extends QueueName>(
  queueName: Q,
  handlers: QueueHandlers<Q>,
  options: QueueWorkerOptions,
): Worker {
  const settings = queues[queueName];
  return new Worker(
    queueName,
    async (job) => {
      const name = job.name as JobName;
      const contract = jobs[name];
      const handler = (handlers as Record<string, JobHandler<JobName> | undefined>)[name];
      if (!contract || contract.queue !== queueName || !handler) {
        throw new UnrecoverableError(`No handler for job "${job.name}" on queue "${queueName}"`);
      }
      const { [TRACE_CARRIER_KEY]: carrier, ...payload } = (job.data ?? {}) as Record<string, unknown>;
      return withConsumerSpan(name, queueName, job.id, carrier, async () => {
        const parsed = contract.schema.safeParse(payload);
        if (!parsed.success) {
          throw new UnrecoverableError(`Invalid payload for job ${name}: ${parsed.error.message}`);
        }
        return toJobResult(await handler(parsed.data as ParsedJobPayload<JobName>, job));
      });
    },
    {
      connection: options.connection,
      prefix: options.prefix,
      concurrency: options.concurrency ?? settings.concurrency,
      lockDuration: settings.lockDurationMs,
      autorun: options.autorun ?? true,
    },
  );
}
