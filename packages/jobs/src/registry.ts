import type { z } from "zod";
import { budgetJobs } from "./contracts/budgets";
import { categorisationJobs } from "./contracts/categorisation";
import { digestJobs, privacyJobs } from "./contracts/data-rights";
import { emailJobs } from "./contracts/email";
import { fileJobs } from "./contracts/files";
import { insightJobs } from "./contracts/insights";
import { invoiceJobs } from "./contracts/invoices";
import { lendingJobs } from "./contracts/lending";
import { loanMoneyJobs } from "./contracts/loan-money";
import { maintenanceJobs } from "./contracts/maintenance";
import { mpesaJobs } from "./contracts/mpesa";
import { smsJobs } from "./contracts/sms";
import { speechJobs } from "./contracts/speech";
import { webhookJobs } from "./contracts/webhooks";
import { every, nairobi, type QueueSettings, queueSettings, type ScheduleContract } from "./define";

/** Every queue, with its worker settings in one place. */
export const queues = {
  email: queueSettings({
    concurrency: 5,
    lockDurationMs: 60_000,
    attempts: 5,
    backoffMs: 5_000,
    keepCompleted: { ageSeconds: 24 * 3600, count: 1_000 },
    keepFailedSeconds: 14 * 24 * 3600,
  }),
  maintenance: queueSettings({
    concurrency: 1,
    lockDurationMs: 5 * 60_000,
    attempts: 3,
    backoffMs: 30_000,
    keepCompleted: { ageSeconds: 3 * 24 * 3600, count: 200 },
    keepFailedSeconds: 30 * 24 * 3600,
  }),
  /** Money: many small transactions; each job holds row locks only for its own short transaction. */
  mpesa: queueSettings({
    concurrency: 16,
    lockDurationMs: 60_000,
    attempts: 8,
    backoffMs: 2_000,
    keepCompleted: { ageSeconds: 24 * 3600, count: 10_000 },
    keepFailedSeconds: 30 * 24 * 3600,
  }),
  invoices: queueSettings({
    concurrency: 4,
    lockDurationMs: 2 * 60_000,
    attempts: 5,
    backoffMs: 15_000,
    keepCompleted: { ageSeconds: 7 * 24 * 3600, count: 5_000 },
    keepFailedSeconds: 30 * 24 * 3600,
  }),
  budgets: queueSettings({
    concurrency: 2,
    lockDurationMs: 2 * 60_000,
    attempts: 3,
    backoffMs: 10_000,
    keepCompleted: { ageSeconds: 24 * 3600, count: 1_000 },
    keepFailedSeconds: 14 * 24 * 3600,
  }),
  /** Models (forecast, credit score): CPU-bound for a fraction of a second per business, so few at a time. */
  insights: queueSettings({
    concurrency: 1,
    lockDurationMs: 2 * 60_000,
    attempts: 3,
    backoffMs: 30_000,
    keepCompleted: { ageSeconds: 2 * 24 * 3600, count: 2_000 },
    keepFailedSeconds: 14 * 24 * 3600,
  }),
  /** The daily loan run: one pass over active loans, a short transaction per loan. */
  lending: queueSettings({
    concurrency: 1,
    lockDurationMs: 5 * 60_000,
    attempts: 3,
    backoffMs: 60_000,
    keepCompleted: { ageSeconds: 7 * 24 * 3600, count: 200 },
    keepFailedSeconds: 30 * 24 * 3600,
  }),
  /** One pass per business at a time; a pass may wait on Gemini for a while. */
  categorisation: queueSettings({
    concurrency: 2,
    lockDurationMs: 5 * 60_000,
    attempts: 3,
    backoffMs: 15_000,
    keepCompleted: { ageSeconds: 24 * 3600, count: 1_000 },
    keepFailedSeconds: 14 * 24 * 3600,
  }),
  /** ElevenLabs calls: a second or two each, waiting on the network; a person is listening for the answer. */
  speech: queueSettings({
    concurrency: 4,
    lockDurationMs: 60_000,
    attempts: 4,
    backoffMs: 2_000,
    keepCompleted: { ageSeconds: 3600, count: 1_000 },
    keepFailedSeconds: 7 * 24 * 3600,
  }),
  /** Africa's Talking sends: a network call each, short timeouts; a customer is waiting for the message. */
  sms: queueSettings({
    concurrency: 5,
    lockDurationMs: 60_000,
    attempts: 6,
    backoffMs: 5_000,
    keepCompleted: { ageSeconds: 24 * 3600, count: 1_000 },
    keepFailedSeconds: 14 * 24 * 3600,
  }),
  /** Outgoing webhooks: mostly waiting on other people's servers (short timeouts), so many at a time. */
  webhooks: queueSettings({
    concurrency: 10,
    lockDurationMs: 60_000,
    attempts: 3,
    backoffMs: 5_000,
    keepCompleted: { ageSeconds: 24 * 3600, count: 5_000 },
  }),
  /** Receipt reading is CPU-bound OCR (a few seconds each): one at a time per worker. */
  files: queueSettings({
    concurrency: 1,
    lockDurationMs: 2 * 60_000,
    attempts: 3,
    backoffMs: 10_000,
    keepCompleted: { ageSeconds: 24 * 3600, count: 1_000 },
    keepFailedSeconds: 14 * 24 * 3600,
  }),
  /** Weekly and monthly summary emails: a few queries and a PDF per business, nobody waiting. */
  digests: queueSettings({
    concurrency: 2,
    lockDurationMs: 2 * 60_000,
    attempts: 3,
    backoffMs: 30_000,
    keepCompleted: { ageSeconds: 7 * 24 * 3600, count: 5_000 },
    keepFailedSeconds: 30 * 24 * 3600,
  }),
  /** Data exports (a large business streams for minutes) and deletions: one at a time, long locks. */
  privacy: queueSettings({
    concurrency: 1,
    lockDurationMs: 10 * 60_000,
    attempts: 3,
    backoffMs: 30_000,
    keepCompleted: { ageSeconds: 7 * 24 * 3600, count: 1_000 },
    keepFailedSeconds: 30 * 24 * 3600,
  }),
} satisfies Record<string, QueueSettings>;

export type QueueName = keyof typeof queues;

/** Every job contract. Later domains add theirs here. */
export const jobs = {
  ...emailJobs,
  ...maintenanceJobs,
  ...mpesaJobs,
  ...loanMoneyJobs,
  ...invoiceJobs,
  ...budgetJobs,
  ...insightJobs,
  ...categorisationJobs,
  ...speechJobs,
  ...smsJobs,
  ...webhookJobs,
  ...fileJobs,
  ...lendingJobs,
  ...digestJobs,
  ...privacyJobs,
};

export type JobName = keyof typeof jobs;
export type JobDefinitions = typeof jobs;
export type JobPayload<N extends JobName> = z.input<JobDefinitions[N]["schema"]>;
export type ParsedJobPayload<N extends JobName> = z.output<JobDefinitions[N]["schema"]>;
export type JobsOfQueue<Q extends QueueName> = {
  [N in JobName]: JobDefinitions[N]["queue"] extends Q ? N : never;
}[JobName];

/** Repeatable jobs, kept in Redis as BullMQ job schedulers and synchronised at worker start-up. */
export const schedules = {
  "email.sweep": every("email.sweep", 60_000, "Every minute: enqueue outbox emails that lost their job"),
  "sms.sweep": every("sms.sweep", 60_000, "Every minute: enqueue outbox SMS that lost their job"),
  "maintenance.purge-expired-auth": nairobi(
    "maintenance.purge-expired-auth",
    "30 3 * * *",
    "Daily 03:30 Nairobi: purge expired sessions, tokens and sign-in records",
  ),
  // CBK publishes on weekdays in the morning; the job skips once today's rows are in, so the later runs are
  // the hourly retries for a late or failing publication.
  "maintenance.fetch-exchange-rates": nairobi(
    "maintenance.fetch-exchange-rates",
    "0 11-17 * * 1-5",
    "Weekdays 11:00 Nairobi, then hourly until 17:00 while today's rates are missing: fetch CBK rates",
  ),
  "mpesa.sweep": every(
    "mpesa.sweep",
    60_000,
    "Every minute: process callbacks that lost their job, query silent STK pushes, chase stuck payouts",
  ),
  "mpesa.refresh-balances": nairobi(
    "mpesa.refresh-balances",
    "0 6,13,19 * * *",
    "06:00, 13:00 and 19:00 Nairobi: refresh every business's M-Pesa Paybill/Till balance",
  ),
  "invoices.mark-overdue": nairobi(
    "invoices.mark-overdue",
    "5 0 * * *",
    "Daily 00:05 Nairobi: invoices past their due date become overdue",
  ),
  "invoices.recurring-run": nairobi(
    "invoices.recurring-run",
    "0 6 * * *",
    "Daily 06:00 Nairobi: create (and send) the recurring invoices that are due",
  ),
  "invoices.reminders-run": nairobi(
    "invoices.reminders-run",
    "0 9 * * *",
    "Daily 09:00 Nairobi: payment reminders before, on and after due dates",
  ),
  "lending.arrears-daily": nairobi(
    "lending.arrears-run",
    "0 8 * * *",
    "Daily 08:00 Nairobi: loan penalties on arrears, arrears marks and repayment reminders",
  ),
  "budgets.daily-check": nairobi(
    "budgets.check-all",
    "0 7 * * *",
    "Daily 07:00 Nairobi: check every business's current budgets (catches anything missed)",
  ),
  "forecast.nightly": nairobi(
    "forecast.refresh-all",
    "30 2 * * *",
    "Daily 02:30 Nairobi: recompute every business's 90-day cash forecast (and low-cash alerts)",
  ),
  "credit.nightly": nairobi(
    "credit.refresh-all",
    "0 3 * * *",
    "Daily 03:00 Nairobi: recompute every business's credit score for the month",
  ),
  "speech.purge": nairobi(
    "speech.purge",
    "15 4 * * *",
    "Daily 04:15 Nairobi: delete cached answer audio unplayed for 30 days",
  ),
  "webhooks.sweep": every(
    "webhooks.sweep",
    60_000,
    "Every minute: enqueue webhook deliveries that are due but lost their job",
  ),
  "files.sweep-deletions": every(
    "files.sweep-deletions",
    10 * 60_000,
    "Every 10 minutes: delete stored objects whose files were deleted",
  ),
  "digests.weekly": nairobi(
    "digests.weekly-all",
    "0 7 * * 1",
    "Mondays 07:00 Nairobi: last week's summary email to every business's members who want it",
  ),
  "digests.monthly": nairobi(
    "digests.monthly-all",
    "0 7 1 * *",
    "1st of the month 07:00 Nairobi: last month's report email (PDF attached) to owners",
  ),
  "privacy.daily": nairobi(
    "privacy.daily",
    "45 3 * * *",
    "Daily 03:45 Nairobi: delete businesses past their deletion grace period; expire old exports",
  ),
} satisfies Record<string, ScheduleContract<JobName>>;

export type ScheduleName = keyof typeof schedules;
