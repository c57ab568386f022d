import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { type JobName, type JobPayload, jobs, type QueueName, queues } from "./registry";
import { TRACE_CARRIER_KEY, withProducerSpan } from "./trace";

export interface EnqueueOptions {
  delayMs?: number;
  /** Overrides the contract's deterministic id (rarely needed). */
  jobId?: string;
}

export interface JobQueue {
  enqueue<N extends JobName>(
    name: N,
    payload: JobPayload<N>,
    options?: EnqueueOptions,
  ): Promise<{ jobId: string }>;
  queue(name: QueueName): Queue;
  close(): Promise<void>;
}

export interface JobQueueOptions {
  connection: Redis;
  /** Redis key prefix; tests use their own so runs never see each other's jobs. */
  prefix: string;
  /** Connection errors while Redis is away; without a listener BullMQ prints them to stderr. */
  onError?: (error: Error) => void;
}

export class InvalidJobPayloadError extends Error {
  override name = "InvalidJobPayloadError";
}

/** The producer side: a typed enqueue that validates the payload before it reaches Redis. */
export function createJobQueue({ connection, prefix, onError }: JobQueueOptions): JobQueue {
  const opened = new Map<QueueName, Queue>();

  function queue(name: QueueName): Queue {
    let instance = opened.get(name);
    if (!instance) {
      instance = new Queue(name, {
        connection,
        prefix,
        defaultJobOptions: queues[name].defaultJobOptions,
      });
      instance.on("error", (error) => onError?.(error));
      opened.set(name, instance);
    }
    return instance;
  }

  return {
    queue,
    async enqueue(name, payload, options = {}) {
      const contract = jobs[name];
      const parsed = contract.schema.safeParse(payload);
      if (!parsed.success) {
        throw new InvalidJobPayloadError(`Invalid payload for job ${name}: ${parsed.error.message}`);
      }
      // The contract's jobId takes the parsed payload; TypeScript cannot narrow the union per name here.
      const deriveId = contract.jobId as ((value: unknown) => string) | undefined;
      const jobId = options.jobId ?? deriveId?.(parsed.data);
      return withProducerSpan(name, contract.queue, async (carrier) => {
        const data = carrier ? { ...(parsed.data as object), [TRACE_CARRIER_KEY]: carrier } : parsed.data;
        const job = await queue(contract.queue).add(name, data, {
          ...contract.options,
          ...(jobId ? { jobId } : {}),
          ...(options.delayMs ? { delay: options.delayMs } : {}),
        });
        return { jobId: job.id ?? jobId ?? "" };
      });
    },
    async close() {
      await Promise.all([...opened.values()].map((instance) => instance.close()));
      opened.clear();
    },
  };
}

export interface QueueDepth {
  queue: QueueName;
  waiting: number;
  delayed: number;
  active: number;
  failed: number;
  oldestWaitingAgeSeconds: number;
}

/** Queue depth for /metrics and the worker's CloudWatch metrics. */
export async function readQueueDepths(jobQueue: JobQueue, now = Date.now()): Promise<QueueDepth[]> {
  return Promise.all(
    (Object.keys(queues) as QueueName[]).map(async (name) => {
      const instance = jobQueue.queue(name);
      const counts = await instance.getJobCounts("waiting", "delayed", "active", "failed", "prioritized");
      const [oldest] = await instance.getJobs(["waiting"], -1, -1, true);
      return {
        queue: name,
        waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
        delayed: counts.delayed ?? 0,
        active: counts.active ?? 0,
        failed: counts.failed ?? 0,
        oldestWaitingAgeSeconds: oldest ? Math.max(0, Math.round((now - oldest.timestamp) / 1000)) : 0,
      };
    }),
  );
}
