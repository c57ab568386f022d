import {
  findDueRecurringRuns,
  findDueReminders,
  generateRecurringInvoice,
  markOverdueInvoices,
  sendInvoiceReminder,
} from "@kavi/api/services";
import type { QueueHandlers } from "@kavi/jobs";
import type { WorkerContext } from "../context";

/**
 * The invoices queue. The daily passes only find work and enqueue one job per item with a deterministic id
 * (a run of a schedule, a reminder), so one failing invoice never blocks the others and a pass that runs
 * twice enqueues nothing new; each item's job is itself idempotent in the database.
 */
export function invoiceHandlers(ctx: WorkerContext): QueueHandlers<"invoices"> {
  return {
    "invoices.mark-overdue": async () => {
      const marked = await markOverdueInvoices(ctx, ctx.now());
      ctx.logger.info({ marked }, "marked overdue invoices");
      return { marked };
    },
    "invoices.recurring-run": async () => {
      const due = await findDueRecurringRuns(ctx.db, ctx.now());
      for (const run of due) await ctx.jobs.enqueue("invoices.recurring-generate", run);
      return { enqueued: due.length };
    },
    "invoices.recurring-generate": ({ recurringInvoiceId, runDate }) =>
      generateRecurringInvoice(ctx, recurringInvoiceId, runDate),
    "invoices.reminders-run": async () => {
      const due = await findDueReminders(ctx.db, ctx.now());
      for (const reminder of due) await ctx.jobs.enqueue("invoices.send-reminder", reminder);
      return { enqueued: due.length };
    },
    "invoices.send-reminder": ({ invoiceId, offsetDays }) => sendInvoiceReminder(ctx, invoiceId, offsetDays),
  };
}
