import {
  categories,
  creditNotes,
  customers,
  type DbOrTx,
  invoicePayments,
  invoices,
  suppliers,
  transactions,
} from "@kavi/db";
import { addDays, convertToBase, dateInZone, daysBetween } from "@kavi/domain";
import { and, asc, eq, gte, inArray, isNull, lt, lte, ne, sql } from "drizzle-orm";
import { AppError } from "../../errors";
import { cashFlow } from "../cash-flow";
import { type LedgerBusiness, localDayStart } from "../transactions/queries";

/**
 * The owner's reports over any period: profit and loss by month and category, the cash summary, aged
 * receivables, supplier spend and a customer's statement. Amounts are base-currency minor units (transactions
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

export async function profitAndLoss(db: DbOrTx, business: LedgerBusiness, period: Period) {
  checkPeriod(period);
  const month = sql<string>`to_char(${transactions.transactionDate} at time zone ${business.timezone}, 'YYYY-MM')`;
  const rows = await db
    .select({
      month,
      type: transactions.type,
      categoryId: transactions.categoryId,
      categoryName: categories.name,
      amountMinor: sql<string>`sum(${transactions.baseAmountMinor})`,
    })
    .from(transactions)
    .leftJoin(categories, eq(categories.id, transactions.categoryId))
    .where(and(inPeriod(business, period), inArray(transactions.type, ["income", "expense"])))
    // By position: the month expression carries the zone as a parameter, so it cannot be repeated textually.
    .groupBy(sql`1`, transactions.type, transactions.categoryId, categories.name)
    .orderBy(sql`1`);
  const months = [...new Set(rows.map((row) => row.month))].sort();
  type Line = {
    categoryId: string | null;
    name: string | null;
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

/**
 * A customer's statement: the balance brought forward, then invoices (debits), payments and credit notes
 * (credits) in date order with the running balance. One currency per statement, the customer's own, so no
 * figure is a conversion.
 */
export async function customerStatement(
  db: DbOrTx,
  business: LedgerBusiness,
  input: Period & { customerId: string },
) {
  checkPeriod(input);
  const [customer] = await db
    .select()
    .from(customers)
    .where(and(eq(customers.businessId, business.id), eq(customers.id, input.customerId)));
  if (!customer) throw new AppError("NOT_FOUND", "Customer not found");
  const currency = customer.currency;
  const issued = and(
    eq(invoices.businessId, business.id),
    eq(invoices.customerId, customer.id),
    eq(invoices.currency, currency),
    ne(invoices.status, "draft"),
    ne(invoices.status, "void"),
  );
  const [invoiceRows, paymentRows, noteRows] = await Promise.all([
    db
      .select({
        id: invoices.id,
        number: invoices.invoiceNumber,
        date: invoices.issueDate,
        amountMinor: invoices.totalMinor,
      })
      .from(invoices)
      .where(and(issued, lte(invoices.issueDate, input.to))),
    db
      .select({
        id: invoicePayments.id,
        number: invoices.invoiceNumber,
        paidAt: invoicePayments.paidAt,
        amountMinor: invoicePayments.appliedMinor,
        reference: invoicePayments.reference,
        method: invoicePayments.method,
      })
      .from(invoicePayments)
      .innerJoin(invoices, eq(invoices.id, invoicePayments.invoiceId))
      .where(and(issued, lt(invoicePayments.paidAt, localDayStart(addDays(input.to, 1), business.timezone)))),
    db
      .select({
        id: creditNotes.id,
        number: creditNotes.creditNoteNumber,
        invoiceNumber: invoices.invoiceNumber,
        issuedAt: creditNotes.issuedAt,
        amountMinor: sql<string>`${creditNotes.amountMinor} - ${creditNotes.returnedMinor}`,
      })
      .from(creditNotes)
      .innerJoin(invoices, eq(invoices.id, creditNotes.invoiceId))
      .where(and(issued, lt(creditNotes.issuedAt, localDayStart(addDays(input.to, 1), business.timezone)))),
  ]);
  const dateOf = (instant: Date) => dateInZone(instant, business.timezone);
  type Entry = {
    sortKey: string;
    date: string;
    kind: "invoice" | "payment" | "credit_note";
    reference: string;
    debitMinor: bigint;
    creditMinor: bigint;
  };
  const entries: Entry[] = [
    ...invoiceRows.map((row) => ({
      sortKey: `${row.date} 0`,
      date: row.date,
      kind: "invoice" as const,
      reference: row.number ?? "",
      debitMinor: row.amountMinor,
      creditMinor: 0n,
    })),
    ...paymentRows.map((row) => ({
      sortKey: `${dateOf(row.paidAt)} 1 ${row.paidAt.toISOString()}`,
      date: dateOf(row.paidAt),
      kind: "payment" as const,
      reference: [row.number, row.reference].filter(Boolean).join(" · "),
      debitMinor: 0n,
      creditMinor: row.amountMinor,
    })),
    ...noteRows.map((row) => ({
      sortKey: `${dateOf(row.issuedAt)} 1 ${row.issuedAt.toISOString()}`,
      date: dateOf(row.issuedAt),
      kind: "credit_note" as const,
      reference: `${row.number} (${row.invoiceNumber ?? ""})`,
      debitMinor: 0n,
      creditMinor: BigInt(row.amountMinor),
    })),
  ].sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0));
  let openingMinor = 0n;
  let balance = 0n;
  const lines: (Entry & { balanceMinor: bigint })[] = [];
  for (const entry of entries) {
    balance += entry.debitMinor - entry.creditMinor;
    if (entry.date < input.from) openingMinor = balance;
    else lines.push({ ...entry, balanceMinor: balance });
  }
  return {
    ...input,
    currency,
    customer: {
      id: customer.id,
      name: customer.name,
      taxId: customer.taxId,
      accountNumber: customer.accountNumber,
    },
    openingMinor,
    lines,
    closingMinor: balance,
  };
}
