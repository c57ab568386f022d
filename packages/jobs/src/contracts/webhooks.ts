import { z } from "zod";
import { defineJob } from "../define";

export const webhookJobs = {
  /**
   * Try one webhook delivery. Retries and their backoff are the delivery row's (it knows when the next attempt is
   * due); the job id carries the attempt number, so a sweep and a scheduled retry never send the same attempt twice.
   */
  "webhooks.deliver": defineJob({
    queue: "webhooks",
    schema: z.object({ deliveryId: z.uuid(), attempt: z.number().int().min(0).max(1_000).default(0) }),
    jobId: ({ deliveryId, attempt }) => `webhook-${deliveryId}-${attempt}`,
    options: { attempts: 3, backoff: { type: "exponential", delay: 5_000 } },
    description: "POST one signed webhook delivery to its endpoint",
  }),
  /** Enqueue deliveries that are due but have no job (Redis was down, a retry's job expired). */
  "webhooks.sweep": defineJob({
    queue: "webhooks",
    schema: z.object({}),
    options: { attempts: 1 },
    description: "Find due webhook deliveries without a job and enqueue them",
  }),
};
