import type { DbOrTx } from "@kavi/db";
import { type SQL, sql } from "drizzle-orm";
import { SYSTEM_ACTOR } from "../../activity";
import { refreshCreditScore } from "../../credit";
import { refreshForecast } from "../../forecast";
import type { ProcessServices, ServiceContext } from "../../service-context";
import { countsAsEarnings } from "../../transactions/earnings";
import type { Expectation } from "./questions";

/**
 * The figure each question must state, by SQL over the raw tables (transactions, invoices, budgets), written
 * apart from the tools and the services they use: no ledger totals, no shared query code. Local dates are the
 * Nairobi calendar. null means the answer must state no amount at all. The forecast and the credit score are
 * models: their expected figures are the models' stored output (forecasts, credit_scores), read here by SQL.
 */
const ZONE = "Africa/Nairobi";

async function one(db: DbOrTx, query: SQL): Promise<bigint> {
  const result = await db.execute<{ value: string | null }>(query);
  return BigInt(result.rows[0]?.value ?? "0");
}

function inRange(from: string, to: string): SQL {
  return sql`(t.transaction_date at time zone ${ZONE})::date between ${from}::date and ${to}::date`;
}

/** Open invoices' balances in KES per customer, each (currency, rate) group converted and rounded once. */
function debtsByCustomer(businessId: string, extra: SQL = sql`true`): SQL {
  return sql`
    select customer_id, sum(amount)::bigint as amount from (
      select i.customer_id, round(sum(i.total_minor - i.amount_paid_minor - i.credited_minor) * i.exchange_rate) as amount
      from invoices i
      where i.business_id = ${businessId} and i.status in ('sent', 'partially_paid', 'overdue') and ${extra}
      group by i.customer_id, i.currency, i.exchange_rate
    ) g group by customer_id`;
}

export async function expectedFigure(
  db: DbOrTx,
  businessId: string,
  expect: Expectation,
  today: string,
): Promise<bigint | null> {
  const completed = sql`t.business_id = ${businessId} and t.status = 'completed'`;
  // What the reports count as earned or spent (loan money left out), as the tools answer it.
  const earned = countsAsEarnings(sql`t.category_id`, businessId);
  switch (expect.kind) {
    case "income":
    case "expense":
      return one(
        db,
        sql`select sum(t.base_amount_minor)::text as value from transactions t
            where ${completed} and t.type = ${expect.kind} and ${earned} and ${inRange(expect.from, expect.to)}`,
      );
    case "net":
      return one(
        db,
        sql`select sum(case t.type when 'income' then t.base_amount_minor when 'expense' then -t.base_amount_minor else 0 end)::text as value
            from transactions t where ${completed} and ${earned} and ${inRange(expect.from, expect.to)}`,
      );
    case "category_spend":
      return one(
        db,
        sql`select sum(t.base_amount_minor)::text as value from transactions t
            join categories c on c.id = t.category_id
            where ${completed} and t.type = 'expense' and c.system_key = ${expect.category} and ${inRange(expect.from, expect.to)}`,
      );
    case "customer_income":
      return one(
        db,
        sql`select sum(t.base_amount_minor)::text as value from transactions t
            join customers cu on cu.id = t.customer_id
            where ${completed} and t.type = 'income' and cu.name = ${expect.customer} and ${inRange(expect.from, expect.to)}`,
      );
    case "supplier_spend":
      return one(
        db,
        sql`select sum(t.base_amount_minor)::text as value from transactions t
            join suppliers s on s.id = t.supplier_id
            where ${completed} and t.type = 'expense' and s.name = ${expect.supplier} and ${inRange(expect.from, expect.to)}`,
      );
    case "top_category":
      return one(
        db,
        sql`select max(total)::text as value from (
              select sum(t.base_amount_minor) as total from transactions t
              where ${completed} and t.type = 'expense' and ${earned} and ${inRange(expect.from, expect.to)}
              group by t.category_id) x`,
      );
    case "top_customer":
      return one(
        db,
        sql`select max(total)::text as value from (
              select sum(t.base_amount_minor) as total from transactions t
              where ${completed} and t.type = 'income' and t.customer_id is not null and ${earned}
                and ${inRange(expect.from, expect.to)}
              group by t.customer_id) x`,
      );
    case "mpesa_income":
      return one(
        db,
        sql`select sum(t.base_amount_minor)::text as value from transactions t
            left join customers cu on cu.id = t.customer_id
            where ${completed} and t.type = 'income' and t.payment_method = 'mpesa' and ${inRange(expect.from, expect.to)}
              and ${expect.customer ? sql`cu.name = ${expect.customer}` : sql`true`}`,
      );
    case "top_debtor":
      return one(db, sql`select max(amount)::text as value from (${debtsByCustomer(businessId)}) d`);
    case "customer_debt":
      return one(
        db,
        sql`select sum(d.amount)::text as value from (${debtsByCustomer(businessId)}) d
            join customers cu on cu.id = d.customer_id where cu.name = ${expect.customer}`,
      );
    case "overdue_total":
      return one(
        db,
        sql`select sum(amount)::text as value from (${debtsByCustomer(businessId, sql`i.due_date < ${today}::date`)}) d`,
      );
    case "cash_balance":
      return one(
        db,
        sql`select (coalesce(s.opening_balance_minor, 0) + coalesce((
              select sum(case t.type when 'income' then t.base_amount_minor when 'expense' then -t.base_amount_minor else 0 end)
              from transactions t
              where ${completed} and (t.transaction_date at time zone ${ZONE})::date <= ${today}::date
                and (s.opening_balance_date is null or (t.transaction_date at time zone ${ZONE})::date >= s.opening_balance_date)
            ), 0))::text as value
            from (select ${businessId}::uuid as business_id) b
            left join invoice_settings s on s.business_id = b.business_id`,
      );
    case "budget_actual":
      return one(
        db,
        sql`select coalesce(sum(t.base_amount_minor), 0)::text as value
            from budgets b
            join categories c on c.id = b.category_id
            join transactions t on t.category_id = b.category_id and ${completed} and t.type = 'expense'
              and (t.transaction_date at time zone ${ZONE})::date between b.period_start and b.period_end
            where b.business_id = ${businessId} and c.system_key = ${expect.category}
              and b.period_start <= (${`${expect.month}-01`}::date + interval '1 month' - interval '1 day')::date
              and b.period_end >= ${`${expect.month}-01`}::date`,
      );
    case "invoice_balance":
      return one(
        db,
        sql`select (total_minor - amount_paid_minor - credited_minor)::text as value from invoices
            where business_id = ${businessId} and invoice_number = ${expect.invoice}`,
      );
    // The models' own output, as stored by their jobs (storeModelOutputs), read straight from the tables: the
    // tools read it through the services. Forecast figures are estimates, said in whole shillings.
    case "forecast_balance":
      return one(
        db,
        sql`select (round((p ->> 'balanceMinor')::numeric / 100) * 100)::bigint::text as value
            from forecasts f cross join jsonb_array_elements(f.points) p
            where f.business_id = ${businessId} and f.as_of = ${today}::date and p ->> 'day' = ${expect.day}`,
      );
    case "forecast_lowest":
      return one(
        db,
        sql`select min(round((p ->> 'balanceMinor')::numeric / 100) * 100)::bigint::text as value
            from forecasts f cross join jsonb_array_elements(f.points) p
            where f.business_id = ${businessId} and f.as_of = ${today}::date
              and (p ->> 'day')::date between ${today}::date and ${expect.day}::date`,
      );
    case "credit_score":
      return one(
        db,
        sql`select score::text as value from credit_scores
            where business_id = ${businessId} and month = ${expect.month}::date`,
      );
    case "none":
      return null;
  }
}

/**
 * Stores what the nightly jobs would (today's forecast, this month's credit score), so the expectations above
 * can read the models' output from their tables.
 */
export async function storeModelOutputs(
  services: ProcessServices,
  businessId: string,
  now: Date,
): Promise<void> {
  const ctx: ServiceContext = { ...services, actor: SYSTEM_ACTOR };
  await refreshForecast(ctx, businessId, now);
  await refreshCreditScore(ctx, businessId, now);
}
