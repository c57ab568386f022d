import { deliverWebhook, sweepWebhookDeliveries } from "@kavi/api/services";
import type { QueueHandlers } from "@kavi/jobs";
import type { WorkerContext } from "../context";

export function webhookHandlers(ctx: WorkerContext): QueueHandlers<"webhooks"> {
  return {
    "webhooks.deliver": async ({ deliveryId }) => ({ outcome: await deliverWebhook(ctx, { deliveryId }) }),
    "webhooks.sweep": async () => ({ enqueued: await sweepWebhookDeliveries(ctx) }),
  };
}
