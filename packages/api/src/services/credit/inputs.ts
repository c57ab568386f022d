import { type DbOrTx, ledgerMonthlyTotals } from "@kavi/db";
import { addDays, addMonths, startOfMonth } from "@kavi/domain";
import { supplierPunctuality, type TCreditInputIn, ZForecastExpenseSchema } from "@kavi/insights";
import { and, eq, gte, inArray, lte, sql } from "drizzle-orm";
import { balanceAtStartOf, openingBalance } from "../analytics";
import { gatherForecastInputs } from "../forecast/inputs";
import { countsAsEarnings } from "../transactions/earnings";
import type { LedgerBusiness } from "../transactions/queries";

/**
 * Everything the credit score needs from a business's books as they stood at the end of local day `asOf`
 * (today for the nightly score, a past month's last day for the history): complete months from the monthly
 * totals, the balance then, receivables then (issued invoices not yet paid by that day), and the last year's
 * customers, suppliers, money-in days, reversals and categorisation. Revenue, spend, activity and money-in
 * facts leave out loan money (countsAsEarnings), so borrowing cannot raise the score; the balance keeps it.
 */
export async function gatherCreditInputs(
  db: DbOrTx,
  business: LedgerBusiness,
  asOf: string,
): Promise<TCreditInputIn> {
  const thisMonth = startOfMonth(asOf);
  const firstMonth = addMonths(thisMonth, -12);
  const yearAgo = addDays(asOf, -365);
  const end = sql`((${asOf}::date + 1)::timestamp at time zone ${business.timezone})`;
  const start = (day: string) => sql`(${day}::date::timestamp at time zone ${business.timezone})`;
  const [monthRows, active, cashBalanceMinor, opening, receivables, books, expenses] = await Promise.all([
    db
      .select({
        month: sql<string>`to_char(${ledgerMonthlyTotals.month}, 'YYYY-MM-DD')`,
        type: ledgerMonthlyTotals.type,
        amountMinor: sql<string>`sum(${ledgerMonthlyTotals.amountMinor})::text`,
      })
      .from(ledgerMonthlyTotals)
      .where(
        and(
          eq(ledgerMonthlyTotals.businessId, business.id),
          gte(ledgerMonthlyTotals.month, firstMonth),
          lte(ledgerMonthlyTotals.month, addMonths(thisMonth, -1)),
          inArray(ledgerMonthlyTotals.type, ["income", "expense"]),
          countsAsEarnings(ledgerMonthlyTotals.categoryId, business.id),
        ),
      )
      .groupBy(ledgerMonthlyTotals.month, ledgerMonthlyTotals.type),
    db.execute<{ months: number }>(sql`
      select count(distinct month)::int as months from ${ledgerMonthlyTotals}
      where business_id = ${business.id} and month <= ${thisMonth}::date and count > 0
        and ${countsAsEarnings(sql`category_id`, business.id)}`),
    balanceAtStartOf(db, business.id, addDays(asOf, 1)),
    openingBalance(db, business.id),
    db.execute<{ outstanding: string; over60: string; sales90: string }>(sql`
      with issued as (
        select i.id, i.due_date, i.issue_date,
               round((i.total_minor - i.credited_minor) * i.exchange_rate)::bigint as total_base,
               coalesce((select sum(t.base_amount_minor) from transactions t
                         where t.invoice_id = i.id and t.status = 'completed' and t.type = 'income'
                           and t.transaction_date < ${end}), 0)::bigint as paid_base
        from invoices i
        where i.business_id = ${business.id} and i.invoice_number is not null
          and i.issue_date <= ${asOf}::date
          and (i.voided_at is null or i.voided_at >= ${end})
      )
      select coalesce(sum(greatest(total_base - paid_base, 0)), 0)::text as outstanding,
             coalesce(sum(greatest(total_base - paid_base, 0)) filter (where due_date < ${addDays(asOf, -60)}::date), 0)::text as over60,
             coalesce(sum(total_base) filter (where issue_date > ${addDays(asOf, -90)}::date), 0)::text as sales90
      from issued`),
    db.execute<{
      top_customer: string | null;
      named_income: string | null;
      inflow_count: number;
      reversed_count: number;
      categorised: number;
      total: number;
      mpesa_days: number;
      any_days: number;
    }>(sql`
      with year as (
        select t.* from transactions t
        where t.business_id = ${business.id} and t.type in ('income', 'expense')
          and ${countsAsEarnings(sql`t.category_id`, business.id)}
          and t.transaction_date >= ${start(yearAgo)} and t.transaction_date < ${end}
      ), by_customer as (
        select customer_id, sum(base_amount_minor) as amount from year
        where type = 'income' and status = 'completed' and customer_id is not null group by customer_id
      ), recent as (
        select (transaction_date at time zone ${business.timezone})::date as day, payment_method from year
        where type = 'income' and status = 'completed' and transaction_date >= ${start(addDays(asOf, -89))}
      )
      select (select max(amount) from by_customer)::text as top_customer,
             (select sum(amount) from by_customer)::text as named_income,
             (select count(*) from year where type = 'income' and status in ('completed', 'void'))::int as inflow_count,
             (select count(*) from year where type = 'income' and status = 'void')::int as reversed_count,
             (select count(*) from year where status = 'completed' and category_id is not null)::int as categorised,
             (select count(*) from year where status = 'completed')::int as total,
             (select count(distinct day) from recent where payment_method = 'mpesa')::int as mpesa_days,
             (select count(distinct day) from recent)::int as any_days`),
    gatherForecastInputs(db, business, new Date(`${addDays(asOf, 1)}T00:00:00Z`), 7).then((input) =>
      input.expenses.map((expense) => ZForecastExpenseSchema.parse(expense)),
    ),
  ]);
  const months = new Map<string, { month: string; incomeMinor: bigint; expenseMinor: bigint }>();
  for (let month = firstMonth; month < thisMonth; month = addMonths(month, 1)) {
    months.set(month, { month, incomeMinor: 0n, expenseMinor: 0n });
  }
  for (const row of monthRows) {
    const month = months.get(row.month);
    if (!month) continue;
    if (row.type === "income") month.incomeMinor += BigInt(row.amountMinor);
    else month.expenseMinor += BigInt(row.amountMinor);
  }
  // Months before the books began are not "no revenue": leave them out.
  const series = [...months.values()];
  const firstActive = series.findIndex((month) => month.incomeMinor > 0n || month.expenseMinor > 0n);
  const owed = receivables.rows[0];
  const facts = books.rows[0];
  const namedIncome = Number(facts?.named_income ?? 0);
  const inflowDays = (facts?.mpesa_days ?? 0) > 0 ? (facts?.mpesa_days ?? 0) : (facts?.any_days ?? 0);
  return {
    asOf,
    currency: business.baseCurrency,
    months: firstActive < 0 ? [] : series.slice(firstActive),
    activeMonths: active.rows[0]?.months ?? 0,
    cashBalanceMinor,
    receivablesMinor: BigInt(owed?.outstanding ?? "0"),
    receivablesOver60Minor: BigInt(owed?.over60 ?? "0"),
    creditSales90Minor: BigInt(owed?.sales90 ?? "0"),
    topCustomerShare: namedIncome > 0 ? Math.min(1, Number(facts?.top_customer ?? 0) / namedIncome) : null,
    supplierPunctuality: supplierPunctuality(expenses, addDays(asOf, 1)),
    inflowDayShare: Math.min(1, inflowDays / 90),
    inflowCount: facts?.inflow_count ?? 0,
    reversedCount: facts?.reversed_count ?? 0,
    categorisedShare: (facts?.total ?? 0) > 0 ? (facts?.categorised ?? 0) / (facts?.total ?? 1) : 0,
    openingBalanceSet: opening.date !== null,
  };
}
