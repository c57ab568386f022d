import { customers, type DbOrTx, invoiceBalanceDue, invoiceIsOpen, invoices } from "@kavi/db";
import {
  addDays,
  addMonths,
  type DashboardPeriod,
  daysBetween,
  endOfMonth,
  localDateOf,
  startOfMonth,
} from "@kavi/domain";
import { and, asc, eq, lt, sql } from "drizzle-orm";
import {
  balanceAtStartOf,
  type DateRange,
  incomeExpenseSeries,
  totalsByCategory,
  totalsForRanges,
} from "./analytics";
import { listBudgets } from "./budgets/budgets";
import { amountInBase } from "./customers";
import { type LedgerBusiness, listTransactions } from "./transactions/queries";

function quarterStart(day: string): string {
  const month = Number(day.slice(5, 7));
  const first = Math.floor((month - 1) / 3) * 3 + 1;
  return `${day.slice(0, 4)}-${String(first).padStart(2, "0")}-01`;
}

/** The period a dashboard shows and the one it is compared with (the same length, just before). */
export function dashboardRanges(
  period: DashboardPeriod,
  today: string,
): { current: DateRange; previous: DateRange } {
  const sameLengthBefore = (current: DateRange, anchor: string, monthsBack: number): DateRange => {
    const from = addMonths(anchor, -monthsBack);
    const length = daysBetween(current.from, current.to);
    return { from, to: addDays(from, length) };
  };
  switch (period) {
    case "this_month": {
      const current = { from: startOfMonth(today), to: today };
      const from = addMonths(current.from, -1);
      return {
        current,
        previous: {
          from,
          to: [addDays(from, daysBetween(current.from, current.to)), endOfMonth(from)].sort()[0] ?? from,
        },
      };
    }
    case "last_month": {
      const from = addMonths(startOfMonth(today), -1);
      const before = addMonths(from, -1);
      return { current: { from, to: endOfMonth(from) }, previous: { from: before, to: endOfMonth(before) } };
    }
    case "last_30_days":
      return {
        current: { from: addDays(today, -29), to: today },
        previous: { from: addDays(today, -59), to: addDays(today, -30) },
      };
    case "this_quarter": {
      const current = { from: quarterStart(today), to: today };
      return { current, previous: sameLengthBefore(current, current.from, 3) };
    }
    case "this_year": {
      const current = { from: `${today.slice(0, 4)}-01-01`, to: today };
      return { current, previous: sameLengthBefore(current, current.from, 12) };
    }
    case "last_12_months": {
      const from = addMonths(startOfMonth(today), -11);
      const before = addMonths(from, -12);
      return { current: { from, to: today }, previous: { from: before, to: addDays(from, -1) } };
    }
  }
}

/** Open invoices in the base currency: outstanding, and how much of it is past due. */
export async function receivables(db: DbOrTx, business: LedgerBusiness, today: string) {
  const groups = await db
    .select({
      currency: invoices.currency,
      exchangeRate: invoices.exchangeRate,
      count: sql<number>`count(*)::int`,
      outstandingMinor: sql<bigint>`sum(${invoiceBalanceDue()})::bigint`,
      overdueCount: sql<number>`(count(*) filter (where ${invoices.dueDate} < ${today}))::int`,
      overdueMinor: sql<bigint>`coalesce(sum(${invoiceBalanceDue()}) filter (where ${invoices.dueDate} < ${today}), 0)::bigint`,
    })
    .from(invoices)
    .where(and(eq(invoices.businessId, business.id), invoiceIsOpen()))
    .groupBy(invoices.currency, invoices.exchangeRate);
  const toBase = (amount: bigint, currency: string, rate: string) =>
    amountInBase(business, amount, currency, rate);
  return groups.reduce(
    (sum, group) => ({
      openCount: sum.openCount + group.count,
      outstandingMinor:
        sum.outstandingMinor + toBase(group.outstandingMinor, group.currency, group.exchangeRate),
      overdueCount: sum.overdueCount + group.overdueCount,
      overdueMinor: sum.overdueMinor + toBase(group.overdueMinor, group.currency, group.exchangeRate),
    }),
    { openCount: 0, outstandingMinor: 0n, overdueCount: 0, overdueMinor: 0n },
  );
}

export async function overdueInvoices(db: DbOrTx, businessId: string, today: string, limit = 5) {
  const rows = await db
    .select({
      id: invoices.id,
      invoiceNumber: invoices.invoiceNumber,
      customerId: invoices.customerId,
      customerName: customers.name,
      dueDate: invoices.dueDate,
      currency: invoices.currency,
      outstandingMinor: invoiceBalanceDue(),
      status: invoices.status,
    })
    .from(invoices)
    .innerJoin(customers, eq(customers.id, invoices.customerId))
    .where(and(eq(invoices.businessId, businessId), invoiceIsOpen(), lt(invoices.dueDate, today)))
    .orderBy(asc(invoices.dueDate))
    .limit(limit);
  return rows.map((row) => ({ ...row, daysOverdue: daysBetween(row.dueDate, today) }));
}

/**
 * Everything the dashboard page shows, in one call (its queries run side by side): KPI cards with the
 * previous period, income vs expenses over 12 months, spend by category, recent transactions, overdue
 * invoices and this month's budgets.
 */
export async function dashboardOverview(
  db: DbOrTx,
  business: LedgerBusiness,
  period: DashboardPeriod,
  now: Date,
) {
  const today = localDateOf(now, business.timezone);
  const ranges = dashboardRanges(period, today);
  const twelveMonths = { from: addMonths(startOfMonth(today), -11), to: today };
  const [totals, receivable, series, spend, recent, overdue, budgetProgress, cashBalanceMinor] =
    await Promise.all([
      totalsForRanges(db, business.id, ranges),
      receivables(db, business, today),
      incomeExpenseSeries(db, business.id, twelveMonths, "month"),
      totalsByCategory(db, business.id, ranges.current, "expense"),
      listTransactions(db, business, { sort: "date_desc", limit: 8 }, { checkReferences: false }),
      overdueInvoices(db, business.id, today),
      listBudgets(db, business, today.slice(0, 7), now),
      balanceAtStartOf(db, business.id, addDays(today, 1)),
    ]);
  return {
    period,
    range: ranges.current,
    previousRange: ranges.previous,
    currency: business.baseCurrency,
    kpis: {
      income: { currentMinor: totals.current.incomeMinor, previousMinor: totals.previous.incomeMinor },
      expenses: { currentMinor: totals.current.expenseMinor, previousMinor: totals.previous.expenseMinor },
      net: { currentMinor: totals.current.netMinor, previousMinor: totals.previous.netMinor },
      receivables: { outstandingMinor: receivable.outstandingMinor, openInvoices: receivable.openCount },
      overdue: { amountMinor: receivable.overdueMinor, count: receivable.overdueCount },
      cashBalanceMinor,
    },
    incomeVsExpenses: series,
    spendByCategory: spend.slice(0, 8),
    otherSpendMinor: spend.slice(8).reduce((sum, item) => sum + item.amountMinor, 0n),
    recentTransactions: recent.items,
    overdueInvoices: overdue,
    budgets: budgetProgress,
  };
}
