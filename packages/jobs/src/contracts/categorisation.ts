import { z } from "zod";
import { defineJob } from "../define";

export const categorisationJobs = {
  /**
   * Categorise a business's uncategorised transactions: the learned model applies what it is sure of, Gemini
   * (when configured) looks at the rest, and what stays unsure waits in the Review queue. With a `runId` it is
   * the "categorise all" button and reports progress on that run; without, a pass after new rows arrived (one
   * per business per few seconds: the id carries the time bucket).
   */
  "categorisation.run": defineJob({
    queue: "categorisation",
    schema: z.object({ businessId: z.uuid(), runId: z.uuid().nullish() }),
    options: { attempts: 3, backoff: { type: "exponential", delay: 15_000 } },
    description: "Categorise uncategorised transactions (learned model, then Gemini for the unsure)",
  }),
};
