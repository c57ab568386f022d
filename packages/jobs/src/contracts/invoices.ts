import { z } from "zod";
import { defineJob } from "../define";

const ZRunDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const invoiceJobs = {
  /** Daily: open invoices past their due date become overdue. */
  "invoices.mark-overdue": defineJob({
    queue: "invoices",
    schema: z.object({}),
    options: { attempts: 3 },
    description: "Mark sent and partially paid invoices past their due date as overdue",
  }),
  /** Daily: enqueue one generate job per recurring schedule that is due. */
  "invoices.recurring-run": defineJob({
    queue: "invoices",
    schema: z.object({}),
    options: { attempts: 3 },
    description: "Find recurring invoice schedules that are due and enqueue their runs",
  }),
  /** One run of one schedule; the id makes a second enqueue of the same run a no-op. */
  "invoices.recurring-generate": defineJob({
    queue: "invoices",
    schema: z.object({ recurringInvoiceId: z.uuid(), runDate: ZRunDateSchema }),
    jobId: ({ recurringInvoiceId, runDate }) => `recurring-${recurringInvoiceId}-${runDate}`,
    description: "Create (and optionally send) the invoice for one run of a recurring schedule",
  }),
  /** Daily: enqueue the reminders due today, per the business's offsets. */
  "invoices.reminders-run": defineJob({
    queue: "invoices",
    schema: z.object({}),
    options: { attempts: 3 },
    description: "Find invoices whose reminder day has come and enqueue one reminder each",
  }),
  /** One reminder; sent at most once per invoice and offset (a unique row guards it). */
  "invoices.send-reminder": defineJob({
    queue: "invoices",
    schema: z.object({ invoiceId: z.uuid(), offsetDays: z.number().int().min(-366).max(366) }),
    jobId: ({ invoiceId, offsetDays }) => `reminder-${invoiceId}-${offsetDays}`,
    description: "Email one payment reminder for an invoice",
  }),
};
