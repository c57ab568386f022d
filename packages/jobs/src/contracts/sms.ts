import { z } from "zod";
import { defineJob } from "../define";

export const smsJobs = {
  /** Send one row of the SMS outbox through Africa's Talking. The payload carries its id, never the text. */
  "sms.send": defineJob({
    queue: "sms",
    schema: z.object({ smsMessageId: z.uuid() }),
    jobId: ({ smsMessageId }) => `sms-${smsMessageId}`,
    options: { attempts: 6, backoff: { type: "exponential", delay: 5_000 } },
    description: "Send one queued SMS through Africa's Talking",
  }),
  /** Re-enqueue outbox rows whose job was lost (Redis was down, or the job expired). */
  "sms.sweep": defineJob({
    queue: "sms",
    schema: z.object({}),
    options: { attempts: 1 },
    description: "Find queued SMS without a job and enqueue them",
  }),
};
