import { z } from "zod";

/**
 * The forecast's inputs: everything the model knows, gathered by the API's forecast service from the books.
 * Money is integer minor units of the business's base currency (bigint; strings are accepted so the stored
 * copy, which is JSON, parses back). The same object is stored beside each forecast, so a what-if can be
 * computed later from exactly what the nightly run saw.
 */
const minor = z.coerce.bigint();
const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const ZForecastDaySchema = z.object({
  day: localDate,
  inflowMinor: minor,
  outflowMinor: minor,
});

/** One completed expense, for finding the recurring ones (rent, salaries, a weekly supplier). */
export const ZForecastExpenseSchema = z.object({
  day: localDate,
  amountMinor: minor,
  supplierId: z.string().nullable(),
  supplierName: z.string().nullable(),
  categoryId: z.string().nullable(),
  categoryName: z.string().nullable(),
  /** So a built-in category's name can be worded in the reader's language (absent in older stored inputs). */
  categorySystemKey: z.string().nullish(),
});

/** A settled invoice, for the customer's habits: how many days after the due date it was paid. */
export const ZForecastPaidInvoiceSchema = z.object({
  customerId: z.string(),
  issueDate: localDate,
  dueDate: localDate,
  paidDate: localDate,
});

export const ZForecastOpenInvoiceSchema = z.object({
  id: z.string(),
  number: z.string().nullable(),
  customerId: z.string(),
  customerName: z.string(),
  dueDate: localDate,
  /** Still owed, in base currency. */
  outstandingMinor: minor,
});

export const ZForecastCustomerRecordSchema = z.object({
  customerId: z.string(),
  /** Invoices issued to them that are settled, and those given up on (voided or written off after issue). */
  paidCount: z.number().int().nonnegative(),
  abandonedCount: z.number().int().nonnegative(),
});

export const ZForecastRecurringInvoiceSchema = z.object({
  id: z.string(),
  customerId: z.string(),
  customerName: z.string(),
  frequency: z.enum(["weekly", "monthly", "quarterly", "yearly"]),
  nextRunDate: localDate,
  endDate: localDate.nullable(),
  amountMinor: minor,
  paymentTermsDays: z.number().int().nonnegative(),
});

export const ZForecastBudgetSchema = z.object({
  categoryId: z.string(),
  categoryName: z.string(),
  categorySystemKey: z.string().nullish(),
  periodStart: localDate,
  periodEnd: localDate,
  amountMinor: minor,
  /** Already spent in the period. */
  spentMinor: minor,
});

/** What-if changes, applied on request and never stored. */
export const ZForecastScenarioSchema = z.object({
  invoices: z
    .array(
      z.object({
        invoiceId: z.string(),
        /** "late": paid `delayDays` after the model expects; "unpaid": never paid. */
        outcome: z.enum(["late", "unpaid"]),
        delayDays: z.number().int().min(1).max(180).default(30),
      }),
    )
    .max(50)
    .default([]),
  expenses: z
    .array(
      z.object({
        /** A recurring expense's key (from the forecast's recurringExpenses). */
        key: z.string(),
        /** Move each of its payments by this many days (negative: earlier). */
        shiftDays: z.number().int().min(-90).max(90),
      }),
    )
    .max(50)
    .default([]),
});

export const ZForecastInputSchema = z.object({
  /** The first forecast day (the business's local today). History ends the day before. */
  today: localDate,
  horizonDays: z.number().int().min(7).max(180).default(90),
  currency: z.string().length(3),
  /** The cash balance at the start of `today`. */
  startBalanceMinor: minor,
  /** Completed income and expenses per local day, oldest first, up to yesterday (missing days are zero). */
  history: z.array(ZForecastDaySchema),
  /** Completed expenses of the last year or so (recurring detection). */
  expenses: z.array(ZForecastExpenseSchema),
  /** Payments received against invoices per day (so the residual model does not count them twice). */
  invoicePayments: z.array(
    z.object({ day: localDate, amountMinor: minor, fromSchedule: z.boolean().default(false) }),
  ),
  openInvoices: z.array(ZForecastOpenInvoiceSchema),
  paidInvoices: z.array(ZForecastPaidInvoiceSchema),
  customers: z.array(ZForecastCustomerRecordSchema),
  recurringInvoices: z.array(ZForecastRecurringInvoiceSchema),
  budgets: z.array(ZForecastBudgetSchema),
});

export type TForecastInput = z.output<typeof ZForecastInputSchema>;
export type TForecastInputIn = z.input<typeof ZForecastInputSchema>;
export type TForecastScenario = z.output<typeof ZForecastScenarioSchema>;
export type TForecastDay = z.output<typeof ZForecastDaySchema>;
export type TForecastExpense = z.output<typeof ZForecastExpenseSchema>;

/** A flow the model knows by name: an invoice due, a recurring expense, a budget. */
export interface ForecastEvent {
  day: string;
  kind: "invoice" | "recurring_invoice" | "recurring_expense" | "budget";
  /** Positive: money in; negative: money out. Expected value (amount × probability). */
  amountMinor: bigint;
  /** Probability the money moves at all (invoices); 1 for expenses. */
  probability: number;
  label: string;
  /** The invoice, recurring schedule, recurring-expense key or category. */
  refId: string;
  customerId?: string;
}

export interface ForecastPoint {
  day: string;
  /** Expected money in and out that day (known events plus the everyday pattern). */
  inflowMinor: bigint;
  outflowMinor: bigint;
  /** Expected balance at the end of the day, and its 10th and 90th percentiles. */
  balanceMinor: bigint;
  lowMinor: bigint;
  highMinor: bigint;
}

export interface RecurringExpense {
  key: string;
  label: string;
  supplierId: string | null;
  categoryId: string | null;
  intervalDays: number;
  typicalMinor: bigint;
  lastDay: string;
  occurrences: number;
}

export interface CustomerHabit {
  customerId: string;
  /** Median days paid after the due date (negative: early), shrunk towards the business's median. */
  lateDays: number;
  /** Probability an invoice to them is paid at all. */
  collectProbability: number;
  paidCount: number;
}
