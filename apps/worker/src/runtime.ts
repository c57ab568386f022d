import type { Logger } from "@kavi/api";
import { createQueueWorker, type QueueHandlers, type QueueName, syncSchedules } from "@kavi/jobs";
import type { Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { WorkerContext } from "./context";
import { budgetHandlers } from "./processors/budgets";
import { categorisationHandlers } from "./processors/categorisation";
import { digestHandlers, privacyHandlers } from "./processors/data-rights";
import { emailHandlers } from "./processors/email";
import { fileHandlers } from "./processors/files";
import { insightHandlers } from "./processors/insights";
import { invoiceHandlers } from "./processors/invoices";
import { lendingHandlers } from "./processors/lending";
import { maintenanceHandlers } from "./processors/maintenance";
import { mpesaHandlers } from "./processors/mpesa";
import { smsHandlers } from "./processors/sms";
import { speechHandlers } from "./processors/speech";
import { webhookHandlers } from "./processors/webhooks";

/** Every queue's handlers: adding a queue to the registry without handlers here fails the typecheck. */
export function allHandlers(ctx: WorkerContext): { [Q in QueueName]: QueueHandlers<Q> } {
  return {
    email: emailHandlers(ctx),
    maintenance: maintenanceHandlers(ctx),
    mpesa: mpesaHandlers(ctx),
    invoices: invoiceHandlers(ctx),
    budgets: budgetHandlers(ctx),
    insights: insightHandlers(ctx),
    categorisation: categorisationHandlers(ctx),
    speech: speechHandlers(ctx),
    sms: smsHandlers(ctx),
    webhooks: webhookHandlers(ctx),
    files: fileHandlers(ctx),
    lending: lendingHandlers(ctx),
    digests: digestHandlers(ctx),
    privacy: privacyHandlers(ctx),
  };
}

export interface WorkerRuntimeOptions {
  /** The one service context every processor gets. */
  context: WorkerContext;
  connection: Redis;
  prefix: string;
  queues: readonly QueueName[];
  /** Write schedules into Redis (once per deploy is enough; every worker doing it is harmless). */
  syncSchedules?: boolean;
}

export interface WorkerRuntime {
  workers: Worker[];
  close(): Promise<void>;
}

function attachListeners(worker: Worker, logger: Logger) {
  worker.on("error", (error) => logger.error({ err: error, queue: worker.name }, "worker error"));
  worker.on("failed", (job, error) => {
    const final = job ? job.attemptsMade >= (job.opts.attempts ?? 1) : true;
    logger[final ? "error" : "warn"](
      { err: error, queue: worker.name, job: job?.name, jobId: job?.id, attempt: job?.attemptsMade },
      final ? "job failed for good" : "job failed; will retry",
    );
  });
  worker.on("completed", (job) =>
    logger.debug({ queue: worker.name, job: job.name, jobId: job.id }, "job completed"),
  );
}

export async function startWorkerRuntime(options: WorkerRuntimeOptions): Promise<WorkerRuntime> {
  const handlers = allHandlers(options.context);
  if (options.syncSchedules) await syncSchedules(options.context.jobs);
  const workers = options.queues.map((queue) => {
    const worker = createQueueWorker(queue, handlers[queue] as QueueHandlers<typeof queue>, {
      connection: options.connection,
      prefix: options.prefix,
    });
    attachListeners(worker, options.context.logger);
    return worker;
  });
  return {
    workers,
    async close() {
      await Promise.all(workers.map((worker) => worker.close()));
    },
  };
}
