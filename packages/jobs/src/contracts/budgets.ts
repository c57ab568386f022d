import { z } from "zod";
import { defineJob } from "../define";

export const budgetJobs = {
  /**
   * Compare one business's budgets with its transactions and alert at 80 % and 100 %. Enqueued after
   * transactions change, one per business per few seconds (the id carries the time bucket).
   */
  "budgets.check": defineJob({
    queue: "budgets",
    schema: z.object({ businessId: z.uuid() }),
    options: { attempts: 3, backoff: { type: "exponential", delay: 10_000 } },
    description: "Check a business's budgets and send 80 % / 100 % alerts (each once)",
  }),
  /** The daily safety net: every business with a budget running. */
  "budgets.check-all": defineJob({
    queue: "budgets",
    schema: z.object({}),
    options: { attempts: 2 },
    description: "Check every business's current budgets",
  }),
};
