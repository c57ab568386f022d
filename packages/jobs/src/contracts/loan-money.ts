import { z } from "zod";
import { defineJob } from "../define";
import { ZCallbackJobSchema } from "./callback-job";

/** Loan money over the lender's own M-Pesa (docs/lending.md, "After approval"): on the mpesa queue. */
export const loanMoneyJobs = {
  /** Apply stored lender callbacks. Safe to run twice: processing marks each row in the same transaction. */
  "lending.process-callback": defineJob({
    queue: "mpesa",
    schema: ZCallbackJobSchema,
    jobId: ({ callbackId }) => `lending-callback-${callbackId}`,
    options: { attempts: 8, backoff: { type: "exponential", delay: 2_000 } },
    description: "Process stored lender M-Pesa callbacks (disbursement, STK or Paybill repayment), each once",
  }),
  /** Send a loan's disbursement (B2C). Never re-sends one that may have reached Daraja. */
  "lending.send-disbursement": defineJob({
    queue: "mpesa",
    schema: z.object({ transferId: z.uuid() }),
    jobId: ({ transferId }) => `lending-disburse-${transferId}`,
    options: { attempts: 3, backoff: { type: "exponential", delay: 10_000 } },
    description: "Send one loan disbursement from the lender's B2C shortcode",
  }),
  /** Transaction Status query confirming a disbursement or a Paybill repayment before it is applied. */
  "lending.query-transfer": defineJob({
    queue: "mpesa",
    schema: z.object({ transferId: z.uuid(), attempt: z.number().int().min(1).max(100) }),
    jobId: ({ transferId, attempt }) => `lending-status-${transferId}-${attempt}`,
    options: { attempts: 3, backoff: { type: "exponential", delay: 10_000 } },
    description: "Ask Daraja for the status of a loan disbursement or Paybill repayment",
  }),
  /** STK Query confirming a repayment prompt before it is applied; re-enqueues itself while pending. */
  "lending.query-stk": defineJob({
    queue: "mpesa",
    schema: z.object({ transferId: z.uuid(), attempt: z.number().int().min(1).max(100) }),
    jobId: ({ transferId, attempt }) => `lending-stk-${transferId}-${attempt}`,
    options: { attempts: 3, backoff: { type: "exponential", delay: 10_000 } },
    description: "STK query for a loan repayment prompt",
  }),
};
