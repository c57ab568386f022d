import { deliverWebhook, sweepWebhookDeliveries } from "@kavi/api/services";
import type { QueueHandlers } from "@kavi/jobs";
import type { WorkerDeps } from "../deps";

export function webhookHandlers(deps: WorkerDeps): QueueHandlers<"webhooks"> {
  const deliveryDeps = {
    db: deps.db,
    jobs: deps.jobs,
    logger: deps.logger,
    now: () => new Date(),
    webhooks: deps.webhooks,
  };
  return {
    "webhooks.deliver": async ({ deliveryId }) => ({
      outcome: await deliverWebhook(deliveryDeps, deliveryId),
    }),
    "webhooks.sweep": async () => ({ enqueued: await sweepWebhookDeliveries(deliveryDeps) }),
  };
}
