import { z } from "zod";
import { defineJob } from "../define";

export const mpesaJobs = {
  /** Apply one stored Daraja callback. Safe to run twice: processing marks the row in the same transaction. */
  "mpesa.process-callback": defineJob({
    queue: "mpesa",
    schema: z.object({ callbackId: z.uuid() }),
    jobId: ({ callbackId }) => `mpesa-callback-${callbackId}`,
    options: { attempts: 8, backoff: { type: "exponential", delay: 2_000 } },
    description: "Process one stored M-Pesa callback (STK, C2B, B2C, status) exactly once in effect",
  }),
  /** Ask Daraja how an STK push without a callback ended; re-enqueues itself with backoff while pending. */
  "mpesa.query-stk": defineJob({
    queue: "mpesa",
    schema: z.object({ paymentRequestId: z.uuid(), attempt: z.number().int().min(1).max(100) }),
    jobId: ({ paymentRequestId, attempt }) => `mpesa-stk-query-${paymentRequestId}-${attempt}`,
    options: { attempts: 3, backoff: { type: "exponential", delay: 10_000 } },
    description: "STK query for a pending payment request",
  }),
  /** Send an approved payout. Never re-sends one that may have reached Daraja. */
  "mpesa.send-payout": defineJob({
    queue: "mpesa",
    schema: z.object({ payoutId: z.uuid() }),
    jobId: ({ payoutId }) => `mpesa-payout-send-${payoutId}`,
    options: { attempts: 3, backoff: { type: "exponential", delay: 10_000 } },
    description: "Send one approved B2C payout to Daraja",
  }),
  /** Transaction status query for a payout whose result is unknown (queue timeout, lost reply). */
  "mpesa.query-payout": defineJob({
    queue: "mpesa",
    schema: z.object({ payoutId: z.uuid(), attempt: z.number().int().min(1).max(100) }),
    jobId: ({ payoutId, attempt }) => `mpesa-payout-status-${payoutId}-${attempt}`,
    options: { attempts: 3, backoff: { type: "exponential", delay: 30_000 } },
    description: "Ask Daraja for the status of a payout whose result never came",
  }),
  /** The safety net: stored-but-unprocessed callbacks, pushes with no answer, payouts stuck in flight. */
  "mpesa.sweep": defineJob({
    queue: "mpesa",
    schema: z.object({}),
    options: { attempts: 1 },
    description: "Re-enqueue unprocessed callbacks, query pending pushes, settle stuck payouts",
  }),
};
