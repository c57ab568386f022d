import { z } from "zod";

/**
 * Callbacks one processing job carries at most: a webhook's group-committed write becomes one job per this many
 * callbacks instead of one job each, so a pay-day burst costs the worker a few jobs, not one Redis round trip
 * and one "already settled?" read per payment.
 */
export const CALLBACKS_PER_JOB = 50;

/** A stored callback's processing job: `callbackId` names the job; `more` are callbacks stored with it. */
export const ZCallbackJobSchema = z.object({
  callbackId: z.uuid(),
  more: z
    .array(z.uuid())
    .max(CALLBACKS_PER_JOB - 1)
    .optional(),
});

/** Every callback a job carries, its own first. */
export function callbacksOfJob(payload: z.output<typeof ZCallbackJobSchema>): string[] {
  return [payload.callbackId, ...(payload.more ?? [])];
}
