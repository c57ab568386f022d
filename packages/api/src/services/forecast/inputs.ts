import {
  budgets,
  categories,
  customers,
  type DbOrTx,
  invoiceBalanceDue,
  invoiceIsOpen,
  invoices,
  ledgerDailyTotals,
  ledgerMonthlyTotals,
  recurringInvoices,
  suppliers,
  transactions,
} from "@kavi/db";
import { addDays, localDateOf, ONE_OFF_INFLOW_CATEGORY_KEYS } from "@kavi/domain";
import type { TForecastInputIn } from "@kavi/insights";
import { and, eq, gte, inArray, isNotNull, lt, lte, sql } from "drizzle-orm";
import { balanceAtStartOf } from "../analytics";
import { countsAsEarnings } from "../transactions/earnings";
import { type LedgerBusiness, localDayStart } from "../transactions/queries";

/** How far back the forecast looks: the models use 400 days; the customers' habits use two years. */
const HISTORY_DAYS = 400;
const HABIT_DAYS = 730;

/**
 * Everything the forecast model needs from one business's books, as of the start of its local `today`:
 * the balance, daily totals (from the daily ledger totals, never every transaction), the year's expenses with
 * supplier and category (recurring detection), invoice payments, open and settled invoices, recurring
 * invoice schedules and budgets. Amounts in the base currency. A loan received is a one-off inflow: it is in
 * the starting balance but not in the history the patterns are learnt from.
 */
export async function gatherForecastInputs(
  db: DbOrTx,
  business: LedgerBusiness,
  now: Date,
  horizonDays = 90,
): Promise<TForecastInputIn> {
  const today = localDateOf(now, business.timezone);
  const from = addDays(today, -HISTORY_DAYS);
  const habitsFrom = addDays(today, -HABIT_DAYS);
  const localDay = sql<string>`to_char((${transactions.transactionDate} at time zone ${business.timezone})::date, 'YYYY-MM-DD')`;
  const window = and(
    eq(transactions.businessId, business.id),
    eq(transactions.status, "completed"),
    gte(transactions.transactionDate, localDayStart(from, business.timezone)),
    lt(transactions.transactionDate, localDayStart(today, business.timezone)),
  );
  const outstandingBase = sql<bigint>`round(${invoiceBalanceDue()} * ${invoices.exchangeRate})::bigint`;

  const [
    startBalanceMinor,
    daily,
    expenseRows,
    paymentRows,
    openRows,
    paidRows,
    customerRows,
    scheduleRows,
    budgetRows,
  ] = await Promise.all([
    balanceAtStartOf(db, business.id, today),
    db
      .select({
        day: sql<string>`to_char(${ledgerDailyTotals.day}, 'YYYY-MM-DD')`,
        type: ledgerDailyTotals.type,
        amountMinor: sql<string>`sum(${ledgerDailyTotals.amountMinor})::text`,
      })
      .from(ledgerDailyTotals)
      .where(
        and(
          eq(ledgerDailyTotals.businessId, business.id),
          gte(ledgerDailyTotals.day, from),
          lt(ledgerDailyTotals.day, today),
          inArray(ledgerDailyTotals.type, ["income", "expense"]),
          countsAsEarnings(ledgerDailyTotals.categoryId, business.id, ONE_OFF_INFLOW_CATEGORY_KEYS),
        ),
      )
      .groupBy(ledgerDailyTotals.day, ledgerDailyTotals.type),
    db
      .select({
        day: localDay,
        amountMinor: transactions.baseAmountMinor,
        supplierId: transactions.supplierId,
        supplierName: suppliers.name,
        categoryId: transactions.categoryId,
        categoryName: categories.name,
        categorySystemKey: categories.systemKey,
      })
      .from(transactions)
      .leftJoin(suppliers, eq(suppliers.id, transactions.supplierId))
      .leftJoin(categories, eq(categories.id, transactions.categoryId))
      .where(and(window, eq(transactions.type, "expense"))),
    db
      .select({
        day: localDay,
        amountMinor: sql<string>`sum(${transactions.baseAmountMinor})::text`,
        fromSchedule: sql<boolean>`${invoices.recurringInvoiceId} is not null`,
      })
      .from(transactions)
      .innerJoin(invoices, eq(invoices.id, transactions.invoiceId))
      .where(and(window, eq(transactions.type, "income"), isNotNull(transactions.invoiceId)))
      // Positions: the day expression is bound with its own parameters, so it cannot be repeated by text.
      .groupBy(sql`1, 3`),
    db
      .select({
        id: invoices.id,
        number: invoices.invoiceNumber,
        customerId: invoices.customerId,
        customerName: customers.name,
        dueDate: invoices.dueDate,
        outstandingMinor: outstandingBase,
      })
      .from(invoices)
      .innerJoin(customers, eq(customers.id, invoices.customerId))
      .where(and(eq(invoices.businessId, business.id), invoiceIsOpen())),
    db
      .select({
        customerId: invoices.customerId,
        issueDate: invoices.issueDate,
        dueDate: invoices.dueDate,
        paidDate: sql<string>`to_char((${invoices.paidAt} at time zone ${business.timezone})::date, 'YYYY-MM-DD')`,
      })
      .from(invoices)
      .where(
        and(
          eq(invoices.businessId, business.id),
          eq(invoices.status, "paid"),
          isNotNull(invoices.paidAt),
          gte(invoices.dueDate, habitsFrom),
        ),
      ),
    db
      .select({
        customerId: invoices.customerId,
        paidCount: sql<number>`count(*) filter (where ${invoices.status} = 'paid')::int`,
        abandonedCount: sql<number>`count(*) filter (where ${invoices.status} = 'void' and ${invoices.sentAt} is not null)::int`,
      })
      .from(invoices)
      .where(and(eq(invoices.businessId, business.id), gte(invoices.issueDate, habitsFrom)))
      .groupBy(invoices.customerId),
    db
      .select({
        id: recurringInvoices.id,
        customerId: recurringInvoices.customerId,
        customerName: customers.name,
        frequency: recurringInvoices.frequency,
        nextRunDate: recurringInvoices.nextRunDate,
        endDate: recurringInvoices.endDate,
        amountMinor: sql<string>`round(${invoices.totalMinor} * ${invoices.exchangeRate})::bigint::text`,
        paymentTermsDays: invoices.paymentTermsDays,
      })
      .from(recurringInvoices)
      .innerJoin(customers, eq(customers.id, recurringInvoices.customerId))
      .innerJoin(invoices, eq(invoices.id, recurringInvoices.templateInvoiceId))
      .where(and(eq(recurringInvoices.businessId, business.id), eq(recurringInvoices.active, true))),
    db
      .select({
        categoryId: budgets.categoryId,
        categoryName: categories.name,
        categorySystemKey: categories.systemKey,
        periodStart: budgets.periodStart,
        periodEnd: budgets.periodEnd,
        amountMinor: budgets.amountMinor,
        spentMinor: sql<string>`coalesce((
            select sum(${ledgerMonthlyTotals.amountMinor}) from ${ledgerMonthlyTotals}
            where ${ledgerMonthlyTotals.businessId} = ${budgets.businessId}
              and ${ledgerMonthlyTotals.categoryId} = ${budgets.categoryId}
              and ${ledgerMonthlyTotals.type} = 'expense'
              and ${ledgerMonthlyTotals.month} between date_trunc('month', ${budgets.periodStart})::date and ${budgets.periodEnd}
          ), 0)::text`,
      })
      .from(budgets)
      .innerJoin(categories, eq(categories.id, budgets.categoryId))
      .where(
        and(
          eq(budgets.businessId, business.id),
          eq(categories.kind, "expense"),
          lte(budgets.periodStart, addDays(today, horizonDays)),
          gte(budgets.periodEnd, today),
        ),
      ),
  ]);

  const history = new Map<string, { day: string; inflowMinor: bigint; outflowMinor: bigint }>();
  for (const row of daily) {
    const day = history.get(row.day) ?? { day: row.day, inflowMinor: 0n, outflowMinor: 0n };
    if (row.type === "income") day.inflowMinor += BigInt(row.amountMinor);
    else day.outflowMinor += BigInt(row.amountMinor);
    history.set(row.day, day);
  }
  return {
    today,
    horizonDays,
    currency: business.baseCurrency,
    startBalanceMinor,
    history: [...history.values()].sort((a, b) => (a.day < b.day ? -1 : 1)),
    expenses: expenseRows,
    invoicePayments: paymentRows.map((row) => ({
      day: row.day,
      amountMinor: BigInt(row.amountMinor),
      fromSchedule: row.fromSchedule,
    })),
    openInvoices: openRows.map((row) => ({ ...row, outstandingMinor: BigInt(row.outstandingMinor) })),
    paidInvoices: paidRows,
    customers: customerRows,
    recurringInvoices: scheduleRows.map((row) => ({ ...row, amountMinor: BigInt(row.amountMinor) })),
    budgets: budgetRows.map((row) => ({ ...row, spentMinor: BigInt(row.spentMinor) })),
  };
}
