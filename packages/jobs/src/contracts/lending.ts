import { z } from "zod";
import { defineJob } from "../define";

export const lendingJobs = {
  /** The daily arrears run: penalties on overdue instalments, arrears marks and repayment reminders. */
  "lending.arrears-run": defineJob({
    queue: "lending",
    schema: z.object({}),
    options: { attempts: 3, backoff: { type: "exponential", delay: 60_000 } },
    description: "Charge penalties on overdue loan instalments, mark arrears, send repayment reminders",
  }),
};
