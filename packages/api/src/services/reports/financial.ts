import { categories, customers, type DbOrTx, invoices, suppliers, transactions } from "@kavi/db";
import { addDays, categoryDisplayName, convertToBase, daysBetween, type Language } from "@kavi/domain";
import { and, asc, eq, gte, inArray, isNull, lt, lte, sql } from "drizzle-orm";
import { AppError } from "../../errors";
import { spanRows } from "../analytics";
import { cashFlow } from "../cash-flow";
import { countsAsEarnings } from "../transactions/earnings";
import { type LedgerBusiness, localDayStart } from "../transactions/queries";

/**
 * The owner's reports over any period: profit and loss by month and category, the cash summary, aged
 * receivables and supplier spend (a customer's statement is services/customers.ts's). Amounts are base-currency minor units (transactions
 * keep their base amount; invoices are converted at their own rate). Periods are local dates, inclusive.
 */

export interface Period {
  from: string;
  to: string;
}

function checkPeriod(period: Period) {
  if (period.from > period.to) {
    throw new AppError("BAD_REQUEST", "The end date is before the start date", {
      fieldErrors: { to: ["The end date is before the start date"] },
    });
  }
  if (daysBetween(period.from, period.to) > 366 * 5) {
    throw new AppError("BAD_REQUEST", "Choose a period of five years or less", {
      fieldErrors: { from: ["Choose a period of five years or less"] },
    });
  }
}

/** Completed, non-void transactions whose local date falls in the period. */
function inPeriod(business: LedgerBusiness, period: Period) {
  return and(
    eq(transactions.businessId, business.id),
    eq(transactions.status, "completed"),
    isNull(transactions.voidedAt),
    gte(transactions.transactionDate, localDayStart(period.from, business.timezone)),
    lt(transactions.transactionDate, localDayStart(addDays(period.to, 1), business.timezone)),
  );
}

/**
 * Profit and loss by local month and category, read from the ledger's monthly and daily totals (spanRows: the
 * months the period touches, minus their days outside it), which the ledger keeps for completed transactions;
 * the same rows the dashboard and the analytics summary read, so their figures agree. It used to sum the period's
 * transactions one by one: 51 ms a report for a 20,000-row business in `pnpm bench load` (bench/README.md).
 */
export async function profitAndLoss(db: DbOrTx, business: LedgerBusiness, period: Period) {
  checkPeriod(period);
  const { rows } = await db.execute<{
    month: string;
    type: "income" | "expense";
    categoryId: string | null;
    categoryName: string | null;
    categorySystemKey: string | null;
    amountMinor: bigint | string;
  }>(sql`
    select t.month, t.type, t.category_id as "categoryId", c.name as "categoryName",
           c.system_key as "categorySystemKey", t.amount_minor as "amountMinor"
    from (
      select to_char(s.month, 'YYYY-MM') as month, s.type::text as type, s.category_id,
             sum(s.amount_minor)::bigint as amount_minor
      from (${spanRows(business.id, period)}) s
      -- A loan received and principal repaid move cash, not profit (interest and fees stay costs).
      where s.type in ('income', 'expense') and ${countsAsEarnings(sql`s.category_id`, business.id)}
      group by 1, 2, 3
      -- A month's total minus its days outside the period can leave a group with no transaction in the period.
      having sum(s.count) > 0
    ) t
    left join ${categories} c on c.id = t.category_id
    order by 1`);
  const months = [...new Set(rows.map((row) => row.month))].sort();
  type Line = {
    categoryId: string | null;
    /** The stored name (null: uncategorised); word it for a reader with categoryLineName. */
    name: string | null;
    systemKey: string | null;
    byMonth: Record<string, bigint>;
    totalMinor: bigint;
  };
  const sections = { income: new Map<string, Line>(), expense: new Map<string, Line>() };
  const totals = {
    income: Object.fromEntries(months.map((m) => [m, 0n])) as Record<string, bigint>,
    expense: Object.fromEntries(months.map((m) => [m, 0n])) as Record<string, bigint>,
  };
  for (const row of rows) {
    if (row.type !== "income" && row.type !== "expense") continue;
    const amount = BigInt(row.amountMinor);
    const key = row.categoryId ?? "none";
    const line = sections[row.type].get(key) ?? {
      categoryId: row.categoryId,
      name: row.categoryName,
      systemKey: row.categorySystemKey,
      byMonth: {},
      totalMinor: 0n,
    };
    line.byMonth[row.month] = (line.byMonth[row.month] ?? 0n) + amount;
    line.totalMinor += amount;
    sections[row.type].set(key, line);
    totals[row.type][row.month] = (totals[row.type][row.month] ?? 0n) + amount;
  }
  const sum = (values: Record<string, bigint>) => Object.values(values).reduce((a, b) => a + b, 0n);
  const byTotal = (lines: Map<string, Line>) =>
    [...lines.values()].sort((a, b) => (b.totalMinor > a.totalMinor ? 1 : -1));
  const incomeMinor = sum(totals.income);
  const expenseMinor = sum(totals.expense);
  return {
    ...period,
    currency: business.baseCurrency,
    months,
    income: byTotal(sections.income),
    expenses: byTotal(sections.expense),
    incomeByMonth: totals.income,
    expenseByMonth: totals.expense,
    profitByMonth: Object.fromEntries(
      months.map((m) => [m, (totals.income[m] ?? 0n) - (totals.expense[m] ?? 0n)]),
    ) as Record<string, bigint>,
    incomeMinor,
    expenseMinor,
    profitMinor: incomeMinor - expenseMinor,
  };
}

/** A profit-and-loss line's category as the reader says it: built-in names in their language, "uncategorised" given. */
export function categoryLineName(
  line: { name: string | null; systemKey: string | null },
  language: Language,
  uncategorised: string,
): string {
  return line.name === null
    ? uncategorised
    : categoryDisplayName({ name: line.name, systemKey: line.systemKey }, language);
}

export async function cashSummary(db: DbOrTx, business: LedgerBusiness, period: Period, now: Date) {
  checkPeriod(period);
  return cashFlow(db, business, { ...period, granularity: "month" }, now);
}

export const AGEING_BUCKETS = ["current", "1_30", "31_60", "61_90", "over_90"] as const;
export type AgeingBucket = (typeof AGEING_BUCKETS)[number];

/** Days past the due date → bucket: not yet due (or due today) is current. */
export function ageingBucket(daysOverdue: number): AgeingBucket {
  if (daysOverdue <= 0) return "current";
  if (daysOverdue <= 30) return "1_30";
  if (daysOverdue <= 60) return "31_60";
  if (daysOverdue <= 90) return "61_90";
  return "over_90";
}

const emptyBuckets = () =>
  Object.fromEntries(AGEING_BUCKETS.map((bucket) => [bucket, 0n])) as Record<AgeingBucket, bigint>;

/** What customers owe on issued invoices, by how long past due, per customer. Balances are today's. */
export async function agedReceivables(db: DbOrTx, business: LedgerBusiness, asOf: string) {
  const open = await db
    .select({
      invoiceId: invoices.id,
      invoiceNumber: invoices.invoiceNumber,
      customerId: customers.id,
      customerName: customers.name,
      issueDate: invoices.issueDate,
      dueDate: invoices.dueDate,
      currency: invoices.currency,
      exchangeRate: invoices.exchangeRate,
      balanceMinor: sql<string>`${invoices.totalMinor} - ${invoices.amountPaidMinor} - ${invoices.creditedMinor}`,
    })
    .from(invoices)
    .innerJoin(customers, eq(customers.id, invoices.customerId))
    .where(
      and(
        eq(invoices.businessId, business.id),
        inArray(invoices.status, ["sent", "partially_paid", "overdue"]),
        lte(invoices.issueDate, asOf),
        sql`${invoices.totalMinor} - ${invoices.amountPaidMinor} - ${invoices.creditedMinor} > 0`,
      ),
    )
    .orderBy(asc(customers.name), asc(invoices.dueDate));
  const byCustomer = new Map<
    string,
    { customerId: string; customerName: string; buckets: Record<AgeingBucket, bigint>; totalMinor: bigint }
  >();
  const totals = emptyBuckets();
  let totalMinor = 0n;
  const invoiceRows = open.map((row) => {
    const daysOverdue = daysBetween(row.dueDate, asOf);
    const bucket = ageingBucket(daysOverdue);
    const balanceMinor = convertToBase(
      BigInt(row.balanceMinor),
      row.currency,
      row.exchangeRate,
      business.baseCurrency,
    );
    const customer = byCustomer.get(row.customerId) ?? {
      customerId: row.customerId,
      customerName: row.customerName,
      buckets: emptyBuckets(),
      totalMinor: 0n,
    };
    customer.buckets[bucket] += balanceMinor;
    customer.totalMinor += balanceMinor;
    byCustomer.set(row.customerId, customer);
    totals[bucket] += balanceMinor;
    totalMinor += balanceMinor;
    return {
      invoiceId: row.invoiceId,
      invoiceNumber: row.invoiceNumber,
      customerName: row.customerName,
      issueDate: row.issueDate,
      dueDate: row.dueDate,
      daysOverdue: Math.max(daysOverdue, 0),
      bucket,
      balanceMinor,
    };
  });
  return {
    asOf,
    currency: business.baseCurrency,
    customers: [...byCustomer.values()],
    invoices: invoiceRows,
    totals,
    totalMinor,
  };
}

/** Money paid out per supplier in the period (expenses without a supplier as one row), with the VAT in it. */
export async function supplierSpend(db: DbOrTx, business: LedgerBusiness, period: Period) {
  checkPeriod(period);
  const rows = await db
    .select({
      supplierId: transactions.supplierId,
      supplierName: suppliers.name,
      supplierPin: suppliers.taxId,
      count: sql<number>`count(*)::int`,
      amountMinor: sql<string>`sum(${transactions.baseAmountMinor})`,
      vatMinor: sql<string>`coalesce(sum(round(${transactions.vatMinor}::numeric * ${transactions.baseAmountMinor} / ${transactions.amountMinor})), 0)`,
    })
    .from(transactions)
    .leftJoin(suppliers, eq(suppliers.id, transactions.supplierId))
    .where(and(inPeriod(business, period), eq(transactions.type, "expense")))
    .groupBy(transactions.supplierId, suppliers.name, suppliers.taxId)
    .orderBy(sql`sum(${transactions.baseAmountMinor}) desc`);
  const suppliersSpend = rows.map((row) => ({
    supplierId: row.supplierId,
    supplierName: row.supplierName,
    supplierPin: row.supplierPin,
    count: row.count,
    amountMinor: BigInt(row.amountMinor),
    vatMinor: BigInt(row.vatMinor),
  }));
  return {
    ...period,
    currency: business.baseCurrency,
    suppliers: suppliersSpend,
    totalMinor: suppliersSpend.reduce((sum, row) => sum + row.amountMinor, 0n),
  };
}
