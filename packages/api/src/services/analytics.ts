import {
  categories,
  customers,
  type DbOrTx,
  invoiceSettings,
  ledgerDailyTotals,
  ledgerMonthlyTotals,
  prepareSelect,
  suppliers,
  transactions,
} from "@kavi/db";
import {
  addDays,
  addMonths,
  bucketsBetween,
  divideRounded,
  endOfMonth,
  type Granularity,
  localDateOf,
  startOfBucket,
  startOfMonth,
} from "@kavi/domain";
import { and, desc, eq, gte, isNotNull, lt, type SQL, sql } from "drizzle-orm";
import { AppError } from "../errors";
import { countsAsEarnings, isProfitExcluded } from "./transactions/earnings";
import { type LedgerBusiness, localDayStart } from "./transactions/queries";

/**
 * Reports read the monthly and daily totals (ledger_monthly_totals, ledger_daily_totals), never every
 * transaction: a year is a few hundred rows whatever the volume. Everything is in the base currency, on the business's calendar, and
 * counts completed income and expenses (transfers move money between the business's own accounts, pending
 * and void transactions have not happened). Totals of what was earned and spent leave out loan money
 * (countsAsEarnings); the cash balance, and the series when asked for the "cash" basis, keep it.
 */

export interface DateRange {
  from: string;
  to: string;
}

const MAX_RANGE_DAYS = 3_700;

export function assertRange(range: DateRange, granularity: Granularity = "month"): void {
  if (range.to < range.from) {
    throw new AppError("BAD_REQUEST", "The end date is before the start date", {
      fieldErrors: { to: ["The end date is before the start date"] },
    });
  }
  const days = (Date.parse(range.to) - Date.parse(range.from)) / 86_400_000;
  const limit = granularity === "day" ? 400 : MAX_RANGE_DAYS;
  if (days > limit) {
    const message =
      granularity === "day"
        ? "Daily totals cover at most 400 days; choose weeks or months"
        : "Choose at most ten years";
    throw new AppError("BAD_REQUEST", message, { fieldErrors: { from: [message] } });
  }
}

const EARLIEST_DAY = "2000-01-01";
const LATEST_DAY = "2100-12-31";

/**
 * Rows (tag, month, type, category_id, amount_minor, count) whose sums over a local date range equal the
 * totals of the completed transactions in it: the monthly totals of every month the range touches, minus
 * the daily totals of those months' days that fall outside the range. A year is a few hundred monthly rows
 * plus, at most, the days cut off at either end.
 */
export function spanRows(businessId: string, range: DateRange, tag = 0): SQL {
  return spanRowsWithin(sql`${businessId}`, tag, {
    firstDay: sql`${range.from}::date`,
    lastDay: sql`${range.to}::date`,
    firstMonth: sql`${startOfMonth(range.from)}::date`,
    lastMonth: sql`${startOfMonth(range.to)}::date`,
    lastMonthEnd: sql`${endOfMonth(range.to)}::date`,
  });
}

/** A span's bounds as SQL dates: its first and last day, the first days of their months, the last month's end. */
interface SpanBounds {
  firstDay: SQL;
  lastDay: SQL;
  firstMonth: SQL;
  lastMonth: SQL;
  lastMonthEnd: SQL;
}

/** spanRows with its bounds given as SQL (parameters, placeholders or expressions). */
function spanRowsWithin(businessId: SQL, tag: number, bounds: SpanBounds): SQL {
  return sql`
    select ${sql.raw(String(tag))}::int as tag, m.month, m.type, m.category_id, m.amount_minor, m.count
    from ${ledgerMonthlyTotals} m
    where m.business_id = ${businessId} and m.month between ${bounds.firstMonth} and ${bounds.lastMonth}
    union all
    select ${sql.raw(String(tag))}::int, date_trunc('month', d.day::timestamp)::date, d.type, d.category_id, -d.amount_minor, -d.count
    from ${ledgerDailyTotals} d
    where d.business_id = ${businessId}
      and ((d.day >= ${bounds.firstMonth} and d.day < ${bounds.firstDay})
        or (d.day > ${bounds.lastDay} and d.day <= ${bounds.lastMonthEnd}))`;
}

export interface SeriesPoint {
  bucket: string;
  incomeMinor: bigint;
  expenseMinor: bigint;
  netMinor: bigint;
  count: number;
}

/**
 * What a series counts: "earnings" (income and expenses, loan money left out) or "cash" (every completed
 * movement of money, loan received and principal repaid included).
 */
export type TotalsBasis = "earnings" | "cash";

function basisFilter(basis: TotalsBasis, categoryId: SQL, businessId: string): SQL {
  return basis === "earnings" ? countsAsEarnings(categoryId, businessId) : sql`true`;
}

/** Income and expenses per day, week (Monday first) or month, every bucket present (zeros included). */
export async function incomeExpenseSeries(
  db: DbOrTx,
  businessId: string,
  range: DateRange,
  granularity: Granularity,
  basis: TotalsBasis = "earnings",
): Promise<SeriesPoint[]> {
  assertRange(range, granularity);
  const result =
    granularity === "month"
      ? await db.execute<{ bucket: string; type: string; amount_minor: bigint; count: number }>(sql`
          select to_char(s.month, 'YYYY-MM-DD') as bucket, s.type::text as type,
                 sum(s.amount_minor)::bigint as amount_minor, sum(s.count)::int as count
          from (${spanRows(businessId, range)}) s
          where s.type in ('income', 'expense') and ${basisFilter(basis, sql`s.category_id`, businessId)}
          group by 1, 2`)
      : await db.execute<{ bucket: string; type: string; amount_minor: bigint; count: number }>(sql`
          select to_char(${granularity === "week" ? sql`date_trunc('week', d.day::timestamp)` : sql`d.day`}, 'YYYY-MM-DD') as bucket,
                 d.type::text as type, sum(d.amount_minor)::bigint as amount_minor, sum(d.count)::int as count
          from ${ledgerDailyTotals} d
          where d.business_id = ${businessId} and d.day between ${range.from}::date and ${range.to}::date
            and d.type in ('income', 'expense') and ${basisFilter(basis, sql`d.category_id`, businessId)}
          group by 1, 2`);
  return seriesOf(range, granularity, result.rows);
}

/** Amounts per bucket and type (income or expense) as a series: every bucket of the range, zeros included. */
function seriesOf(
  range: DateRange,
  granularity: Granularity,
  rows: readonly {
    bucket: string | null;
    type: string | null;
    amount_minor: bigint | string;
    count: number;
  }[],
): SeriesPoint[] {
  const points = new Map<string, SeriesPoint>(
    bucketsBetween(range.from, range.to, granularity).map((start) => [
      start,
      { bucket: start, incomeMinor: 0n, expenseMinor: 0n, netMinor: 0n, count: 0 },
    ]),
  );
  for (const row of rows) {
    const point = row.bucket === null ? undefined : points.get(row.bucket);
    if (!point) continue;
    if (row.type === "income") point.incomeMinor += BigInt(row.amount_minor);
    else point.expenseMinor += BigInt(row.amount_minor);
    point.netMinor = point.incomeMinor - point.expenseMinor;
    point.count += Number(row.count);
  }
  return [...points.values()];
}

export interface CategoryTotal {
  categoryId: string | null;
  /** The stored name ("Uncategorised" without a category); word it for a reader with categoryDisplayName. */
  name: string;
  systemKey: string | null;
  color: string | null;
  type: "income" | "expense";
  amountMinor: bigint;
  count: number;
  /** Share of its type's total, in basis points (10000 = 100 %). */
  shareBps: number;
}

export async function totalsByCategory(
  db: DbOrTx,
  businessId: string,
  range: DateRange,
  type?: "income" | "expense" | null,
  basis: TotalsBasis = "earnings",
): Promise<CategoryTotal[]> {
  assertRange(range);
  const types = type ? sql`(${type})` : sql`('income', 'expense')`;
  const result = await db.execute<{
    category_id: string | null;
    type: "income" | "expense";
    name: string | null;
    system_key: string | null;
    color: string | null;
    amount_minor: bigint;
    count: number;
  }>(sql`
    select t.category_id, t.type, c.name, c.system_key, c.color, t.amount_minor, t.count
    from (
      select s.category_id, s.type::text as type, sum(s.amount_minor)::bigint as amount_minor, sum(s.count)::int as count
      from (${spanRows(businessId, range)}) s
      where s.type::text in ${types} and ${basisFilter(basis, sql`s.category_id`, businessId)}
      group by 1, 2
    ) t
    left join ${categories} c on c.id = t.category_id`);
  return categoryTotalsOf(result.rows);
}

/** Totals per category and type (one row each) with their shares, largest first, income before expenses. */
function categoryTotalsOf(
  rows: readonly {
    category_id: string | null;
    type: "income" | "expense";
    name: string | null;
    system_key: string | null;
    color: string | null;
    amount_minor: bigint | string;
    count: number;
  }[],
): CategoryTotal[] {
  const totals = { income: 0n, expense: 0n };
  const items = rows.flatMap((row) => {
    const amountMinor = BigInt(row.amount_minor);
    if (amountMinor === 0n) return [];
    totals[row.type] += amountMinor;
    return [
      {
        categoryId: row.category_id,
        type: row.type,
        name: row.name ?? "Uncategorised",
        systemKey: row.system_key,
        color: row.color,
        amountMinor,
        count: Number(row.count),
      },
    ];
  });
  return items
    .map((item) => ({
      ...item,
      shareBps:
        totals[item.type] === 0n ? 0 : Number(divideRounded(item.amountMinor * 10_000n, totals[item.type])),
    }))
    .sort((a, b) =>
      a.type === b.type
        ? b.amountMinor > a.amountMinor
          ? 1
          : b.amountMinor < a.amountMinor
            ? -1
            : 0
        : a.type === "income"
          ? -1
          : 1,
    );
}

/** Customers (money in) or suppliers (money out) by total, from the transactions that name them. */
export async function totalsByCounterparty(
  db: DbOrTx,
  business: LedgerBusiness,
  range: DateRange,
  kind: "customer" | "supplier",
  limit = 10,
) {
  assertRange(range);
  const column = kind === "customer" ? transactions.customerId : transactions.supplierId;
  const table = kind === "customer" ? customers : suppliers;
  const type = kind === "customer" ? "income" : "expense";
  const totals = db
    .select({
      id: sql<string>`${column}`.as("counterparty_id"),
      amountMinor: sql<bigint>`sum(${transactions.baseAmountMinor})::bigint`.as("amount_minor"),
      count: sql<number>`count(*)::int`.as("count"),
      lastAt: sql<Date>`max(${transactions.transactionDate})`.as("last_at"),
    })
    .from(transactions)
    .where(
      and(
        eq(transactions.businessId, business.id),
        isNotNull(column),
        eq(transactions.type, type),
        eq(transactions.status, "completed"),
        countsAsEarnings(transactions.categoryId, business.id),
        gte(transactions.transactionDate, localDayStart(range.from, business.timezone)),
        lt(
          transactions.transactionDate,
          sql`((${range.to}::date + 1)::timestamp at time zone ${business.timezone})`,
        ),
      ),
    )
    .groupBy(column)
    .as("totals");
  return db
    .select({
      id: totals.id,
      name: table.name,
      amountMinor: totals.amountMinor,
      count: totals.count,
      lastTransactionAt: totals.lastAt,
    })
    .from(totals)
    .innerJoin(table, eq(table.id, totals.id))
    .orderBy(desc(totals.amountMinor))
    .limit(limit);
}

export interface CashPosition {
  openingBalanceMinor: bigint;
  openingBalanceDate: string | null;
  /** Opening balance plus every completed income minus expense from the opening date to today. */
  balanceMinor: bigint;
}

export async function openingBalance(db: DbOrTx, businessId: string) {
  const [settings] = await db
    .select({ amountMinor: invoiceSettings.openingBalanceMinor, date: invoiceSettings.openingBalanceDate })
    .from(invoiceSettings)
    .where(eq(invoiceSettings.businessId, businessId));
  return { amountMinor: settings?.amountMinor ?? 0n, date: settings?.date ?? null };
}

/** Net (income − expenses) over local days [from, to); an open start means since the beginning. */
export async function netBetween(
  db: DbOrTx,
  businessId: string,
  from: string | null,
  toExclusive: string | null,
): Promise<bigint> {
  const start = from ?? EARLIEST_DAY;
  const end = toExclusive ? addDays(toExclusive, -1) : LATEST_DAY;
  if (end < start) return 0n;
  const result = await db.execute<{ net: bigint }>(sql`
    select coalesce(sum(case when s.type = 'income' then s.amount_minor when s.type = 'expense' then -s.amount_minor else 0 end), 0)::bigint as net
    from (${spanRows(businessId, { from: start, to: end })}) s`);
  return BigInt(result.rows[0]?.net ?? 0n);
}

/**
 * The cash balance at the start of a local day: the opening balance moved by everything between the opening
 * date and that day (forwards or backwards). Without an opening date the opening balance is taken as the
 * balance before the first transaction.
 */
export async function balanceAtStartOf(db: DbOrTx, businessId: string, day: string): Promise<bigint> {
  const opening = await openingBalance(db, businessId);
  if (!opening.date) return opening.amountMinor + (await netBetween(db, businessId, null, day));
  if (day >= opening.date) return opening.amountMinor + (await netBetween(db, businessId, opening.date, day));
  return opening.amountMinor - (await netBetween(db, businessId, day, opening.date));
}

export interface PeriodTotals {
  incomeMinor: bigint;
  expenseMinor: bigint;
  netMinor: bigint;
}

/** Income, expenses and net (earned and spent, loan money left out) for several ranges in one round trip. */
export async function totalsForRanges<K extends string>(
  db: DbOrTx,
  businessId: string,
  ranges: Record<K, DateRange>,
): Promise<Record<K, PeriodTotals>> {
  const entries = Object.entries(ranges) as [K, DateRange][];
  const spans = entries.map(([, range], index) => spanRows(businessId, range, index));
  const result = await db.execute<{ tag: number; type: string; amount_minor: bigint }>(sql`
    select s.tag, s.type::text as type, sum(s.amount_minor)::bigint as amount_minor
    from (${sql.join(spans, sql` union all `)}) s
    where s.type in ('income', 'expense') and ${countsAsEarnings(sql`s.category_id`, businessId)}
    group by 1, 2`);
  const totals = {} as Record<K, PeriodTotals>;
  entries.forEach(([key], index) => {
    totals[key] = periodTotalsOf(result.rows.filter((row) => Number(row.tag) === index));
  });
  return totals;
}

/** Income, expenses and net from amounts by type (other types ignored). */
function periodTotalsOf(
  rows: readonly { type: string | null; amount_minor: bigint | string }[],
): PeriodTotals {
  let incomeMinor = 0n;
  let expenseMinor = 0n;
  for (const row of rows) {
    if (row.type === "income") incomeMinor += BigInt(row.amount_minor);
    else if (row.type === "expense") expenseMinor += BigInt(row.amount_minor);
  }
  return { incomeMinor, expenseMinor, netMinor: incomeMinor - expenseMinor };
}

type SummaryPeriod = "range" | "monthToDate" | "lastMonthToDate" | "lastMonth" | "burn";
const SUMMARY_PERIODS: readonly SummaryPeriod[] = [
  "range",
  "monthToDate",
  "lastMonthToDate",
  "lastMonth",
  "burn",
];
/** The span whose totals move the opening balance to today's cash balance (tagged after the periods). */
const CASH_SPAN = SUMMARY_PERIODS.length;
/** The row carrying the opening balance and its date. */
const OPENING_ROW = -1;

interface SummaryRow {
  tag: number;
  /** The month (YYYY-MM-DD, its first day) for the range's rows; null for the other spans' rows. */
  month: string | null;
  type: "income" | "expense" | null;
  category_id: string | null;
  name: string | null;
  system_key: string | null;
  color: string | null;
  amount_minor: bigint | string;
  count: number;
}

/**
 * Everything the summary reads, in one statement: the totals of each period by type and category (and by month
 * for the range), the cash movement from the opening balance's date to today, and the opening balance. Each span
 * is the monthly totals of the months it touches minus the daily totals of their days outside it (as spanRows).
 * The cash span runs from the opening date (or the beginning) to today, or, for an opening date after tomorrow,
 * from tomorrow to the day before it (subtracted). Before, the summary sent five statements that read the same
 * monthly rows five times over (bench/README.md, issue 13).
 */
function summaryStatement(db: DbOrTx) {
  const day = (name: string) => sql`${sql.placeholder(name)}::date`;
  const businessId = sql`${sql.placeholder("businessId")}::uuid`;
  const today = day("today");
  // The cash span's ends, from the opening balance's date (scalar subqueries: PostgreSQL runs each once).
  const openingDay = sql`(select opening_balance_date from ${invoiceSettings} where business_id = ${businessId})`;
  const backwards = sql`${openingDay} > ${today} + 1`;
  const cashFirst = sql`(case when ${backwards} then ${today} + 1 else coalesce(${openingDay}, ${EARLIEST_DAY}::date) end)`;
  const cashLast = sql`(case when ${backwards} then ${openingDay} - 1 else ${today} end)`;
  const monthOf = (date: SQL) => sql`date_trunc('month', ${date}::timestamp)::date`;
  const ifCashSpan = (date: SQL) => sql`(case when ${cashFirst} <= ${cashLast} then ${date} end)`;
  const spans = [
    ...SUMMARY_PERIODS.map((_, tag) =>
      spanRowsWithin(businessId, tag, {
        firstDay: day(`from${tag}`),
        lastDay: day(`to${tag}`),
        firstMonth: day(`fromMonth${tag}`),
        lastMonth: day(`toMonth${tag}`),
        lastMonthEnd: day(`toMonthEnd${tag}`),
      }),
    ),
    // An empty span (its first day after its last, as for an opening balance dated tomorrow) has null bounds and
    // reads nothing.
    spanRowsWithin(businessId, CASH_SPAN, {
      firstDay: ifCashSpan(cashFirst),
      lastDay: ifCashSpan(cashLast),
      firstMonth: ifCashSpan(monthOf(cashFirst)),
      lastMonth: ifCashSpan(monthOf(cashLast)),
      lastMonthEnd: ifCashSpan(sql`(${monthOf(cashLast)} + interval '1 month - 1 day')::date`),
    }),
  ];
  const source = sql`(
    with grouped as (
      select a.tag, case when a.tag = 0 then a.month end as month, a.type,
             case when a.tag = ${sql.raw(String(CASH_SPAN))} then null else a.category_id end as category_id,
             sum(a.amount_minor)::bigint as amount_minor, sum(a.count)::int as count
      from (${sql.join(spans, sql` union all `)}) a
      where a.type in ('income', 'expense')
      group by 1, 2, 3, 4
    )
    select g.tag, to_char(g.month, 'YYYY-MM-DD') as month, g.type::text as type, g.category_id,
           c.name, c.system_key, c.color, g.amount_minor, g.count
    from grouped g
    left join ${categories} c on c.id = g.category_id
    union all
    select ${sql.raw(String(OPENING_ROW))}, to_char(s.opening_balance_date, 'YYYY-MM-DD'), null, null, null, null, null,
           s.opening_balance_minor, 0
    from ${invoiceSettings} s
    where s.business_id = ${businessId}
  ) summary`;
  const selection = {
    tag: sql<number>`summary.tag`,
    month: sql<string | null>`summary.month`,
    type: sql<"income" | "expense" | null>`summary.type`,
    category_id: sql<string | null>`summary.category_id`,
    name: sql<string | null>`summary.name`,
    system_key: sql<string | null>`summary.system_key`,
    color: sql<string | null>`summary.color`,
    amount_minor: sql<bigint>`summary.amount_minor`,
    count: sql<number>`summary.count`,
  };
  return prepareSelect<SummaryRow>(db, "analytics_summary", db.select(selection).from(source), selection);
}

const preparedSummaries = new WeakMap<object, ReturnType<typeof summaryStatement>>();

/**
 * The summary's figures from its one statement: the monthly series and category totals of the range, each
 * period's totals (earned and spent: loan money left out, by countsAsEarnings' rule on the category's system
 * key), and the cash balance at the end of today (every income and expense, loan money included).
 */
async function summaryFigures(
  db: DbOrTx,
  businessId: string,
  today: string,
  periods: Record<SummaryPeriod, DateRange>,
) {
  let prepared = preparedSummaries.get(db);
  if (!prepared) {
    prepared = summaryStatement(db);
    preparedSummaries.set(db, prepared);
  }
  const values: Record<string, unknown> = { businessId, today };
  SUMMARY_PERIODS.forEach((period, tag) => {
    const { from, to } = periods[period];
    Object.assign(values, {
      [`from${tag}`]: from,
      [`to${tag}`]: to,
      [`fromMonth${tag}`]: startOfMonth(from),
      [`toMonth${tag}`]: startOfMonth(to),
      [`toMonthEnd${tag}`]: endOfMonth(to),
    });
  });
  const rows = await prepared.execute(values);
  const earned = rows.filter(
    (row) => row.tag >= 0 && row.tag < CASH_SPAN && !isProfitExcluded(row.system_key),
  );
  const rangeRows = earned.filter((row) => row.tag === 0);
  const byCategory = new Map<string, SummaryRow & { type: "income" | "expense" }>();
  for (const row of rangeRows) {
    if (row.type === null) continue;
    const key = `${row.category_id}|${row.type}`;
    const total = byCategory.get(key);
    if (total) {
      total.amount_minor = BigInt(total.amount_minor) + BigInt(row.amount_minor);
      total.count += Number(row.count);
    } else byCategory.set(key, { ...row, type: row.type, count: Number(row.count) });
  }
  const totals = {} as Record<SummaryPeriod, PeriodTotals>;
  SUMMARY_PERIODS.forEach((period, tag) => {
    totals[period] = periodTotalsOf(earned.filter((row) => row.tag === tag));
  });
  const opening = rows.find((row) => row.tag === OPENING_ROW);
  const openingDate = opening?.month ?? null;
  const cashMoved = periodTotalsOf(rows.filter((row) => row.tag === CASH_SPAN)).netMinor;
  const afterTomorrow = openingDate !== null && openingDate > addDays(today, 1);
  return {
    series: seriesOf(
      periods.range,
      "month",
      rangeRows.map((row) => ({ ...row, bucket: row.month })),
    ),
    categoriesTotals: categoryTotalsOf([...byCategory.values()]),
    periods: totals,
    cashBalanceMinor: BigInt(opening?.amount_minor ?? 0n) + (afterTomorrow ? -cashMoved : cashMoved),
  };
}

/**
 * The summary's periods for a local "today": the range (default: the 12 months to today), month to date, the same
 * days of last month (capped at its length), all of last month, and the burn months (the last three complete).
 */
export function summaryPeriods(today: string, input: Partial<DateRange>): Record<SummaryPeriod, DateRange> {
  const to = input.to ?? today;
  const from = input.from ?? startOfMonth(addMonths(to, -11));
  const thisMonth = startOfMonth(today);
  const lastMonth = addMonths(thisMonth, -1);
  const dayOfMonth = Number(today.slice(8, 10));
  const lastMonthToDate = addDays(
    lastMonth,
    Math.min(dayOfMonth, Number(endOfMonth(lastMonth).slice(8, 10))) - 1,
  );
  return {
    range: { from, to },
    monthToDate: { from: thisMonth, to: today },
    lastMonthToDate: { from: lastMonth, to: lastMonthToDate },
    lastMonth: { from: lastMonth, to: endOfMonth(lastMonth) },
    burn: { from: addMonths(thisMonth, -3), to: addDays(thisMonth, -1) },
  };
}

function change(current: bigint, previous: bigint): number | null {
  if (previous === 0n) return null;
  const delta = current - previous;
  const base = previous < 0n ? -previous : previous;
  return Number(divideRounded(delta * 10_000n, base)) / 100;
}

/**
 * The analytics summary (the 12-month view): totals and a monthly series for the range, income and spend
 * by category, month-to-date against the same days of last month (and all of last month), and burn and
 * runway.
 *
 * Burn: the average monthly spend over the last three complete months (gross burn), and the average monthly
 * amount by which spend exceeded income over them (net burn; zero when income covered spend).
 * Runway: the cash balance divided by the net burn, in months; null when the business is not burning cash
 * (or has no cash left to burn).
 */
export async function analyticsSummary(
  db: DbOrTx,
  business: LedgerBusiness,
  input: Partial<DateRange>,
  now: Date,
) {
  const today = localDateOf(now, business.timezone);
  const periods = summaryPeriods(today, input);
  const { range } = periods;
  assertRange(range);
  const {
    series,
    categoriesTotals,
    periods: totals,
    cashBalanceMinor,
  } = await summaryFigures(db, business.id, today, periods);
  const grossBurnMinor = divideRounded(totals.burn.expenseMinor, 3n);
  const netBurnMinor = totals.burn.netMinor < 0n ? divideRounded(-totals.burn.netMinor, 3n) : 0n;
  const runwayMonths =
    netBurnMinor > 0n && cashBalanceMinor > 0n
      ? Number(divideRounded(cashBalanceMinor * 10n, netBurnMinor)) / 10
      : null;
  return {
    range,
    currency: business.baseCurrency,
    totals: totals.range,
    series,
    byCategory: {
      income: categoriesTotals.filter((item) => item.type === "income"),
      expense: categoriesTotals.filter((item) => item.type === "expense"),
    },
    monthToDate: {
      current: totals.monthToDate,
      lastMonthToDate: totals.lastMonthToDate,
      lastMonth: totals.lastMonth,
      incomeChangePercent: change(totals.monthToDate.incomeMinor, totals.lastMonthToDate.incomeMinor),
      expenseChangePercent: change(totals.monthToDate.expenseMinor, totals.lastMonthToDate.expenseMinor),
    },
    burn: {
      from: periods.burn.from,
      to: periods.burn.to,
      grossBurnMinor,
      netBurnMinor,
      cashBalanceMinor,
      runwayMonths,
    },
  };
}

export { startOfBucket };
