import { median } from "simple-statistics";
import { dateOfIndex, dayIndex } from "./calendar";
import { backtestBand, type ErrorBand, projectFromHistory } from "./history-model";
import {
  type CustomerHabit,
  type ForecastEvent,
  type ForecastPoint,
  type RecurringExpense,
  type TForecastInput,
  type TForecastInputIn,
  type TForecastScenario,
  ZForecastInputSchema,
} from "./types";

export const FORECAST_MODEL_VERSION = "forecast-1.0";

/** A prior of ten invoices, nine of them paid: a new customer is assumed to pay nine times in ten. */
const COLLECT_PRIOR_WEIGHT = 10;
const COLLECT_PRIOR_RATE = 0.9;
/** A customer's own median lateness counts as much as this many invoices of the business's median. */
const LATENESS_PRIOR_WEIGHT = 3;
/** Invoices past the date the customer usually pays: expected within this many days… */
const OVERDUE_EXPECTED_IN_DAYS = 7;
/** …and less likely with every month past it. */
const OVERDUE_MONTHLY_DECAY = 0.8;
const INVOICE_RUN_RATE_DAYS = 90;

export interface ForecastResult {
  modelVersion: string;
  today: string;
  /** The band's offsets as measured (reusable for what-ifs on the same inputs). */
  band: ErrorBand;
  horizonDays: number;
  currency: string;
  startBalanceMinor: bigint;
  points: ForecastPoint[];
  /** Flows the model knows by name, by day. */
  events: ForecastEvent[];
  recurringExpenses: RecurringExpense[];
  habits: CustomerHabit[];
  receivables: {
    outstandingMinor: bigint;
    /** Sum of outstanding × probability of collection. */
    expectedMinor: bigint;
    overdueMinor: bigint;
    /** Customers by what they owe, largest first (at most ten). */
    customers: { customerId: string; name: string; outstandingMinor: bigint; invoices: number }[];
  };
  /** What went in, for the record and for people checking the figures. */
  inputsSummary: {
    historyDays: number;
    openInvoices: number;
    recurringInvoices: number;
    budgetsUsed: number;
    recurringExpenses: number;
    /** Expected money in per day from invoices not yet issued (the last 90 days' invoice payments). */
    newInvoicesPerDayMinor: bigint;
    collectionLagDays: number;
    band: { method: ErrorBand["method"]; origins: number };
    pattern: {
      /** The everyday pattern's level (before weekday and month factors). */
      inflowPerDayMinor: bigint;
      outflowPerDayMinor: bigint;
      inflowWeekday: number[];
      outflowWeekday: number[];
      inflowMonthPart: number[];
      outflowMonthPart: number[];
    };
  };
}

function round(value: number): bigint {
  return BigInt(Math.round(value));
}

/** Each customer's habits from their settled invoices, shrunk towards the business as a whole. */
export function customerHabits(input: TForecastInput): {
  habits: Map<string, CustomerHabit>;
  businessLateDays: number;
} {
  const lateness = new Map<string, number[]>();
  const all: number[] = [];
  for (const invoice of input.paidInvoices) {
    const late = dayIndex(invoice.paidDate) - dayIndex(invoice.dueDate);
    all.push(late);
    const list = lateness.get(invoice.customerId) ?? [];
    list.push(late);
    lateness.set(invoice.customerId, list);
  }
  const businessLateDays = all.length > 0 ? median(all) : 0;
  const habits = new Map<string, CustomerHabit>();
  const customerIds = new Set([
    ...input.customers.map((record) => record.customerId),
    ...input.openInvoices.map((invoice) => invoice.customerId),
    ...input.recurringInvoices.map((schedule) => schedule.customerId),
  ]);
  const records = new Map(input.customers.map((record) => [record.customerId, record]));
  for (const customerId of customerIds) {
    const own = lateness.get(customerId) ?? [];
    const record = records.get(customerId);
    const paid = record?.paidCount ?? 0;
    const abandoned = record?.abandonedCount ?? 0;
    const lateDays =
      own.length > 0
        ? (median(own) * own.length + businessLateDays * LATENESS_PRIOR_WEIGHT) /
          (own.length + LATENESS_PRIOR_WEIGHT)
        : businessLateDays;
    habits.set(customerId, {
      customerId,
      lateDays: Math.round(lateDays),
      collectProbability:
        (paid + COLLECT_PRIOR_RATE * COLLECT_PRIOR_WEIGHT) / (paid + abandoned + COLLECT_PRIOR_WEIGHT),
      paidCount: paid,
    });
  }
  return { habits, businessLateDays };
}

function stepSchedule(
  day: number,
  frequency: "weekly" | "monthly" | "quarterly" | "yearly",
  anchorDay: number,
): number {
  if (frequency === "weekly") return day + 7;
  const months = frequency === "monthly" ? 1 : frequency === "quarterly" ? 3 : 12;
  const date = new Date(day * 86_400_000);
  const firstOfTarget = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1) / 86_400_000;
  const length = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months + 1, 0)).getUTCDate();
  return firstOfTarget + Math.min(anchorDay, length) - 1;
}

/**
 * The 90-day cash forecast: a daily balance from today's, with a 10–90 % band.
 *
 *   balance(d) = balance(d − 1) + invoices expected on d + schedules expected on d + new invoices' run rate
 *                + everyday money in (pattern) − recurring expenses on d − budgets spread over d
 *                − everyday money out (pattern)
 *
 * - An open invoice is expected on its due date plus its customer's usual lateness, with the probability
 *   that customer pays at all; one already past that date is expected within a week, less likely each month.
 * - Recurring invoice schedules become invoices on their run dates, paid after their terms and the
 *   customer's lateness.
 * - Invoices not yet issued: the last 90 days' invoice payments per day, ramping up over the usual time
 *   from issue to payment (early on, the open invoices are what will be paid).
 * - Recurring expenses and the everyday pattern come from `projectFromHistory`; budgets add the unspent
 *   amount of categories with no spending history, spread over the rest of their period.
 * - The band is the history-only model's own backtest errors, widened by the uncertainty of each expected
 *   invoice (paid or not).
 * Pure: the clock is `input.today`.
 */
export function buildForecast(
  raw: TForecastInputIn,
  scenarioInput?: TForecastScenario,
  /** A band already measured on the same history (a what-if beside its base): skips the backtest. */
  options: { band?: ErrorBand } = {},
): ForecastResult {
  const input = ZForecastInputSchema.parse(raw);
  const scenario = scenarioInput ?? { invoices: [], expenses: [] };
  const todayIndex = dayIndex(input.today);
  const horizon = input.horizonDays;
  const end = todayIndex + horizon;
  const { habits } = customerHabits(input);

  const knownInflow = new Map<number, number>();
  let scheduleFreeInvoicePayments = 0;
  for (const payment of input.invoicePayments) {
    const index = dayIndex(payment.day);
    knownInflow.set(index, (knownInflow.get(index) ?? 0) + Number(payment.amountMinor));
    if (!payment.fromSchedule && index >= todayIndex - INVOICE_RUN_RATE_DAYS && index < todayIndex) {
      scheduleFreeInvoicePayments += Number(payment.amountMinor);
    }
  }
  const projection = projectFromHistory({
    today: input.today,
    horizonDays: horizon,
    history: input.history,
    expenses: input.expenses,
    knownInflow,
    expenseShifts: new Map(scenario.expenses.map((change) => [change.key, change.shiftDays])),
  });
  const inflow = [...projection.inflow];
  const outflow = [...projection.outflow];
  const events: ForecastEvent[] = [...projection.events];
  const invoiceVariance = new Array<number>(horizon).fill(0);

  const addInflow = (day: number, amount: number, probability: number) => {
    if (day < todayIndex || day >= end) return false;
    inflow[day - todayIndex] = (inflow[day - todayIndex] as number) + amount * probability;
    invoiceVariance[day - todayIndex] =
      (invoiceVariance[day - todayIndex] as number) + amount * amount * probability * (1 - probability);
    return true;
  };

  // Open invoices.
  const scenarioByInvoice = new Map(scenario.invoices.map((change) => [change.invoiceId, change]));
  const receivableCustomers = new Map<
    string,
    { customerId: string; name: string; outstandingMinor: bigint; invoices: number }
  >();
  let outstandingMinor = 0n;
  let expectedMinor = 0;
  let overdueMinor = 0n;
  for (const invoice of input.openInvoices) {
    if (invoice.outstandingMinor <= 0n) continue;
    outstandingMinor += invoice.outstandingMinor;
    const due = dayIndex(invoice.dueDate);
    if (due < todayIndex) overdueMinor += invoice.outstandingMinor;
    const customer = receivableCustomers.get(invoice.customerId) ?? {
      customerId: invoice.customerId,
      name: invoice.customerName,
      outstandingMinor: 0n,
      invoices: 0,
    };
    customer.outstandingMinor += invoice.outstandingMinor;
    customer.invoices += 1;
    receivableCustomers.set(invoice.customerId, customer);

    const habit = habits.get(invoice.customerId);
    let expected = due + (habit?.lateDays ?? 0);
    let probability = habit?.collectProbability ?? COLLECT_PRIOR_RATE;
    if (expected < todayIndex) {
      const monthsPast = (todayIndex - expected) / 30;
      probability *= OVERDUE_MONTHLY_DECAY ** monthsPast;
      expected = todayIndex + OVERDUE_EXPECTED_IN_DAYS;
    }
    expectedMinor += Number(invoice.outstandingMinor) * probability;
    const change = scenarioByInvoice.get(invoice.id);
    if (change?.outcome === "unpaid") continue;
    if (change?.outcome === "late") expected += change.delayDays;
    const amount = Number(invoice.outstandingMinor);
    if (addInflow(expected, amount, probability)) {
      events.push({
        day: dateOfIndex(expected),
        kind: "invoice",
        amountMinor: round(amount * probability),
        probability,
        label: `${invoice.number ?? "Invoice"} — ${invoice.customerName}`,
        refId: invoice.id,
        customerId: invoice.customerId,
      });
    }
  }

  // Recurring invoice schedules.
  for (const schedule of input.recurringInvoices) {
    const habit = habits.get(schedule.customerId);
    const probability = habit?.collectProbability ?? COLLECT_PRIOR_RATE;
    const anchorDay = Number(schedule.nextRunDate.slice(8, 10));
    const last = schedule.endDate ? dayIndex(schedule.endDate) : Number.POSITIVE_INFINITY;
    for (
      let run = dayIndex(schedule.nextRunDate);
      run < end && run <= last;
      run = stepSchedule(run, schedule.frequency, anchorDay)
    ) {
      const expected = Math.max(run, todayIndex) + schedule.paymentTermsDays + (habit?.lateDays ?? 0);
      const amount = Number(schedule.amountMinor);
      if (addInflow(expected, amount, probability)) {
        events.push({
          day: dateOfIndex(expected),
          kind: "recurring_invoice",
          amountMinor: round(amount * probability),
          probability,
          label: `Recurring invoice — ${schedule.customerName}`,
          refId: schedule.id,
          customerId: schedule.customerId,
        });
      }
    }
  }

  // Invoices not issued yet: the run rate, ramping up over the usual issue-to-payment time.
  const lags = input.paidInvoices.map((invoice) => dayIndex(invoice.paidDate) - dayIndex(invoice.issueDate));
  const collectionLagDays = Math.max(1, Math.round(lags.length > 0 ? median(lags) : 30));
  const runRate = scheduleFreeInvoicePayments / INVOICE_RUN_RATE_DAYS;
  for (let h = 0; h < horizon; h += 1) {
    inflow[h] = (inflow[h] as number) + runRate * Math.min(1, (h + 1) / collectionLagDays);
  }

  // Budgets for categories the books have never spent in.
  const spentCategories = new Set(input.expenses.map((expense) => expense.categoryId).filter(Boolean));
  let budgetsUsed = 0;
  for (const budget of input.budgets) {
    if (spentCategories.has(budget.categoryId)) continue;
    const from = Math.max(dayIndex(budget.periodStart), todayIndex);
    const to = Math.min(dayIndex(budget.periodEnd) + 1, end);
    const remaining = Number(budget.amountMinor - budget.spentMinor);
    if (to <= from || remaining <= 0) continue;
    const periodDaysLeft = dayIndex(budget.periodEnd) + 1 - from;
    const perDay = remaining / periodDaysLeft;
    for (let day = from; day < to; day += 1)
      outflow[day - todayIndex] = (outflow[day - todayIndex] as number) + perDay;
    budgetsUsed += 1;
    events.push({
      day: dateOfIndex(from),
      kind: "budget",
      amountMinor: -round(perDay * (to - from)),
      probability: 1,
      label: `${budget.categoryName} budget (spread to ${budget.periodEnd})`,
      refId: budget.categoryId,
    });
  }

  const band =
    options.band ??
    backtestBand({
      today: input.today,
      horizonDays: horizon,
      history: input.history,
      expenses: input.expenses,
    });
  const points: ForecastPoint[] = [];
  let balance = Number(input.startBalanceMinor);
  let variance = 0;
  for (let h = 0; h < horizon; h += 1) {
    balance += (inflow[h] as number) - (outflow[h] as number);
    variance += invoiceVariance[h] as number;
    // Independent spreads add in quadrature: the pattern's backtest error and each invoice's paid-or-not.
    const invoiceSpread = 1.2816 * Math.sqrt(variance);
    const low = -Math.hypot(band.low[h] as number, invoiceSpread);
    const high = Math.hypot(band.high[h] as number, invoiceSpread);
    points.push({
      day: dateOfIndex(todayIndex + h),
      inflowMinor: round(inflow[h] as number),
      outflowMinor: round(outflow[h] as number),
      balanceMinor: round(balance),
      lowMinor: round(balance + low),
      highMinor: round(balance + high),
    });
  }
  events.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));

  const customers = [...receivableCustomers.values()]
    .sort((a, b) =>
      b.outstandingMinor > a.outstandingMinor ? 1 : b.outstandingMinor < a.outstandingMinor ? -1 : 0,
    )
    .slice(0, 10);
  return {
    modelVersion: FORECAST_MODEL_VERSION,
    today: input.today,
    band,
    horizonDays: horizon,
    currency: input.currency,
    startBalanceMinor: input.startBalanceMinor,
    points,
    events,
    recurringExpenses: projection.recurring,
    habits: [...habits.values()],
    receivables: { outstandingMinor, expectedMinor: round(expectedMinor), overdueMinor, customers },
    inputsSummary: {
      historyDays: projection.historyDays,
      openInvoices: input.openInvoices.length,
      recurringInvoices: input.recurringInvoices.length,
      budgetsUsed,
      recurringExpenses: projection.recurring.length,
      newInvoicesPerDayMinor: round(runRate),
      collectionLagDays,
      band: { method: band.method, origins: band.origins },
      pattern: {
        inflowPerDayMinor: round(projection.inflowPattern.level),
        outflowPerDayMinor: round(projection.outflowPattern.level),
        inflowWeekday: projection.inflowPattern.weekday.map((factor) => Math.round(factor * 100) / 100),
        outflowWeekday: projection.outflowPattern.weekday.map((factor) => Math.round(factor * 100) / 100),
        inflowMonthPart: projection.inflowPattern.monthPart.map((factor) => Math.round(factor * 100) / 100),
        outflowMonthPart: projection.outflowPattern.monthPart.map((factor) => Math.round(factor * 100) / 100),
      },
    },
  };
}
