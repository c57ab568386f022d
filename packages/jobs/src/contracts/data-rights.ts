import { z } from "zod";
import { defineJob } from "../define";

const ZLocalDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const ZMonthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);

/** Scheduled summary emails (weekly summary, monthly report): a fan-out job, then one job per business. */
export const digestJobs = {
  "digests.weekly-all": defineJob({
    queue: "digests",
    schema: z.object({}),
    options: { attempts: 2 },
    description: "Enqueue last week's summary email for every business",
  }),
  /** The id names the business and the week; the business's claim row makes a rerun send nothing twice. */
  "digests.weekly": defineJob({
    queue: "digests",
    schema: z.object({ businessId: z.uuid(), weekStart: ZLocalDateSchema }),
    jobId: ({ businessId, weekStart }) => `weekly-${businessId}-${weekStart}`,
    options: { attempts: 3, backoff: { type: "exponential", delay: 30_000 } },
    description: "Email one business's members the summary of the week that starts on weekStart",
  }),
  "digests.monthly-all": defineJob({
    queue: "digests",
    schema: z.object({}),
    options: { attempts: 2 },
    description: "Enqueue last month's report email for every business",
  }),
  "digests.monthly": defineJob({
    queue: "digests",
    schema: z.object({ businessId: z.uuid(), month: ZMonthSchema }),
    jobId: ({ businessId, month }) => `monthly-${businessId}-${month}`,
    options: { attempts: 3, backoff: { type: "exponential", delay: 30_000 } },
    description: "Email one business's owners the profit-and-loss report for the month (PDF attached)",
  }),
};

/** Kenya Data Protection Act: exports built into a zip, and deletions carried out after their grace period. */
export const privacyJobs = {
  "privacy.build-export": defineJob({
    queue: "privacy",
    schema: z.object({ exportId: z.uuid() }),
    jobId: ({ exportId }) => `export-${exportId}`,
    options: { attempts: 3, backoff: { type: "exponential", delay: 30_000 } },
    description: "Build a data export (account or business) into a zip in storage and email its link",
  }),
  "privacy.daily": defineJob({
    queue: "privacy",
    schema: z.object({}),
    options: { attempts: 2 },
    description:
      "Delete businesses and accounts whose deletion grace period is over (and their files); expire old exports",
  }),
};
