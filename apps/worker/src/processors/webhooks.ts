import { deliverWebhook, sweepWebhookDeliveries } from "@kavi/api/services";
import type { QueueHandlers } from "@kavi/jobs";
import type { WorkerContext } from "../context";

export function webhookHandlers(ctx: WorkerContext): QueueHandlers<"webhooks"> {
  const deliveryDeps = {
    db: ctx.db,
    jobs: ctx.jobs,
    logger: ctx.logger,
    now: ctx.now,
    webhooks: ctx.config.webhooks,
  };
  return {
    "webhooks.deliver": async ({ deliveryId }) => ({
      outcome: await deliverWebhook(deliveryDeps, deliveryId),
    }),
    "webhooks.sweep": async () => ({ enqueued: await sweepWebhookDeliveries(deliveryDeps) }),
  };
}
