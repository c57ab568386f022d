import { z } from "zod";
import { defineJob } from "../define";

export const emailJobs = {
  /** Deliver one row of the email outbox. The payload carries its id, never its content. */
  "email.send": defineJob({
    queue: "email",
    schema: z.object({ emailId: z.uuid() }),
    jobId: ({ emailId }) => `email-${emailId}`,
    options: { attempts: 8, backoff: { type: "exponential", delay: 10_000 } },
    description: "Send one queued email through SMTP",
  }),
  /** Re-enqueue outbox rows whose job was lost (Redis was down, or the job expired). */
  "email.sweep": defineJob({
    queue: "email",
    schema: z.object({}),
    options: { attempts: 1 },
    description: "Find queued emails without a job and enqueue them",
  }),
};
