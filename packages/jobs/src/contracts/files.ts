import { z } from "zod";
import { defineJob } from "../define";

export const fileJobs = {
  /** Read one captured receipt (Gemini vision when configured, else offline OCR) into a prefilled expense. */
  "receipts.read": defineJob({
    queue: "files",
    schema: z.object({ scanId: z.uuid() }),
    jobId: ({ scanId }) => `receipt-${scanId}`,
    options: { attempts: 3, backoff: { type: "exponential", delay: 10_000 } },
    description: "Read a photographed receipt's merchant, date, total and VAT",
  }),
  /** Remove objects whose files rows are gone (deleted files, transactions and businesses). */
  "files.sweep-deletions": defineJob({
    queue: "files",
    schema: z.object({}),
    options: { attempts: 1 },
    description: "Delete queued objects from storage",
  }),
};
