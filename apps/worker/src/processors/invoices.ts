import {
  findDueRecurringRuns,
  findDueReminders,
  generateRecurringInvoice,
  type InvoiceServices,
  markOverdueInvoices,
  sendInvoiceReminder,
} from "@kavi/api/services";
import type { QueueHandlers } from "@kavi/jobs";
import type { WorkerDeps } from "../deps";

/**
 * The invoices queue. The daily passes only find work and enqueue one job per item with a deterministic id
 * (a run of a schedule, a reminder), so one failing invoice never blocks the others and a pass that runs
 * twice enqueues nothing new; each item's job is itself idempotent in the database.
 */
export function invoiceHandlers(deps: WorkerDeps): QueueHandlers<"invoices"> {
  const services: InvoiceServices = {
    db: deps.db,
    jobs: deps.jobs,
    logger: deps.logger,
    now: () => new Date(),
    appUrl: deps.appUrl,
    emailQuotas: deps.emailQuotas,
  };
  return {
    "invoices.mark-overdue": async () => {
      const marked = await markOverdueInvoices(services, services.now());
      deps.logger.info({ marked }, "marked overdue invoices");
      return { marked };
    },
    "invoices.recurring-run": async () => {
      const due = await findDueRecurringRuns(deps.db, services.now());
      for (const run of due) await deps.jobs.enqueue("invoices.recurring-generate", run);
      return { enqueued: due.length };
    },
    "invoices.recurring-generate": ({ recurringInvoiceId, runDate }) =>
      generateRecurringInvoice(services, recurringInvoiceId, runDate),
    "invoices.reminders-run": async () => {
      const due = await findDueReminders(deps.db, services.now());
      for (const reminder of due) await deps.jobs.enqueue("invoices.send-reminder", reminder);
      return { enqueued: due.length };
    },
    "invoices.send-reminder": ({ invoiceId, offsetDays }) =>
      sendInvoiceReminder(services, invoiceId, offsetDays),
  };
}
