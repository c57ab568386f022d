import { z } from "zod";
import { defineJob } from "../define";

export const insightJobs = {
  /**
   * Recompute one business's cash-flow forecast and check its cash alert. Enqueued after imports and ledger
   * changes, one per business per window (the id names the window), and by the nightly run (the id names
   * the day), so repeats are ignored; the forecast row per business and day is overwritten, never doubled.
   */
  "forecast.refresh": defineJob({
    queue: "insights",
    schema: z.object({ businessId: z.uuid() }),
    options: { attempts: 3, backoff: { type: "exponential", delay: 30_000 } },
    description: "Recompute a business's 90-day cash forecast and check its low-cash alert",
  }),
  /** The nightly run: a forecast job for every business with transactions. */
  "forecast.refresh-all": defineJob({
    queue: "insights",
    schema: z.object({}),
    options: { attempts: 2 },
    description: "Enqueue tonight's forecast for every active business",
  }),
  /** Recompute a business's credit score for this month and fill in missing months (one row per month). */
  "credit.refresh": defineJob({
    queue: "insights",
    schema: z.object({ businessId: z.uuid() }),
    options: { attempts: 3, backoff: { type: "exponential", delay: 30_000 } },
    description: "Recompute a business's credit score for this month (and backfill its 12-month history)",
  }),
  "credit.refresh-all": defineJob({
    queue: "insights",
    schema: z.object({}),
    options: { attempts: 2 },
    description: "Enqueue tonight's credit score for every active business",
  }),
};
