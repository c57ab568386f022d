import { z } from "zod";
import { defineJob } from "../define";
import { ZCallbackJobSchema } from "./callback-job";

export const mpesaJobs = {
  /**
   * Apply stored Daraja callbacks (one write's worth, CALLBACKS_PER_JOB at most). Safe to run twice: processing
   * marks each row in the same transaction as its effects.
   */
  "mpesa.process-callback": defineJob({
    queue: "mpesa",
    schema: ZCallbackJobSchema,
    jobId: ({ callbackId }) => `mpesa-callback-${callbackId}`,
    options: { attempts: 8, backoff: { type: "exponential", delay: 2_000 } },
    description: "Process stored M-Pesa callbacks (STK, C2B, B2C, status), each exactly once in effect",
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
  /**
   * Confirm a received payment (C2B) with Daraja's Transaction Status before any of it is applied: the callback
   * alone is never trusted. The answer arrives as a status result callback; re-enqueues itself with backoff.
   */
  "mpesa.confirm-payment": defineJob({
    queue: "mpesa",
    schema: z.object({ mpesaPaymentId: z.uuid(), attempt: z.number().int().min(1).max(100) }),
    jobId: ({ mpesaPaymentId, attempt }) => `mpesa-payment-confirm-${mpesaPaymentId}-${attempt}`,
    options: { attempts: 3, backoff: { type: "exponential", delay: 10_000 } },
    description: "Transaction Status query confirming a received M-Pesa payment before it is applied",
  }),
  /** Re-register a business's C2B URLs after its callback token changed (a member left, or on demand). */
  "mpesa.register-c2b-urls": defineJob({
    queue: "mpesa",
    schema: z.object({ businessId: z.uuid(), reason: z.enum(["rotation", "member_left"]) }),
    options: { attempts: 5, backoff: { type: "exponential", delay: 30_000 } },
    description: "Register C2B URLs with Daraja again after a callback token rotation",
  }),
  /** Send one approved reversal to Daraja. Never re-sends one that may have reached Daraja. */
  "mpesa.send-reversal": defineJob({
    queue: "mpesa",
    schema: z.object({ reversalId: z.uuid() }),
    jobId: ({ reversalId }) => `mpesa-reversal-send-${reversalId}`,
    options: { attempts: 3, backoff: { type: "exponential", delay: 10_000 } },
    description: "Send one approved M-Pesa reversal to Daraja",
  }),
  /** Transaction Status query confirming a reversal before it is booked; re-enqueues itself with backoff. */
  "mpesa.confirm-reversal": defineJob({
    queue: "mpesa",
    schema: z.object({ reversalId: z.uuid(), attempt: z.number().int().min(1).max(100) }),
    jobId: ({ reversalId, attempt }) => `mpesa-reversal-confirm-${reversalId}-${attempt}`,
    options: { attempts: 3, backoff: { type: "exponential", delay: 10_000 } },
    description: "Transaction Status query confirming an M-Pesa reversal before it is booked",
  }),
  /** Ask Daraja for a Paybill/Till's balance (one stored query); the answer arrives as a balance result callback. */
  "mpesa.query-balance": defineJob({
    queue: "mpesa",
    schema: z.object({ balanceQueryId: z.uuid() }),
    jobId: ({ balanceQueryId }) => `mpesa-balance-${balanceQueryId}`,
    options: { attempts: 3, backoff: { type: "exponential", delay: 10_000 } },
    description: "Account Balance query for one business's M-Pesa shortcode",
  }),
  /** The scheduled refresh: one balance query per business whose M-Pesa has an initiator. */
  "mpesa.refresh-balances": defineJob({
    queue: "mpesa",
    schema: z.object({}),
    options: { attempts: 1 },
    description: "Queue an Account Balance query for every business with M-Pesa API access",
  }),
  /** The safety net: stored-but-unprocessed callbacks, pushes with no answer, payouts stuck in flight. */
  "mpesa.sweep": defineJob({
    queue: "mpesa",
    schema: z.object({}),
    options: { attempts: 1 },
    description: "Re-enqueue unprocessed callbacks, query pending pushes, settle stuck payouts",
  }),
};
