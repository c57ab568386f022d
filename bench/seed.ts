import type pg from "pg";

/**
 * Fills the bench database fast: one INSERT … SELECT generate_series per 100,000 rows, with the daily-totals
 * trigger off (its totals are rebuilt in one pass afterwards, exactly as the trigger would have kept them)
 * and the trigram search index built after the load instead of row by row.
 */
export async function loadTransactions(
  client: pg.PoolClient,
  options: { businessId: string; ownerId: string; count: number; log: (line: string) => void },
): Promise<void> {
  const categories = await client.query<{ id: string; kind: string }>(
    "select id, kind::text from categories where business_id = $1 and archived_at is null order by name",
    [options.businessId],
  );
  const income = categories.rows.filter((row) => row.kind === "income").map((row) => row.id);
  const expense = categories.rows.filter((row) => row.kind === "expense").map((row) => row.id);
  const batch = 100_000;
  for (let start = 0; start < options.count; start += batch) {
    const size = Math.min(batch, options.count - start);
    await client.query(
      `insert into transactions (business_id, created_by_user_id, type, status, amount_minor, currency, exchange_rate,
         base_amount_minor, category_id, description, payment_method, transaction_date, reference_number, source)
       select $1, $2,
         case when g % 5 < 2 then 'income' else 'expense' end::transaction_type,
         case when g % 97 = 0 then 'pending' else 'completed' end::transaction_status,
         amount, 'KES', 1, amount,
         case when g % 5 < 2 then ($3::uuid[])[1 + g % cardinality($3::uuid[])] else ($4::uuid[])[1 + g % cardinality($4::uuid[])] end,
         case when g % 5 < 2 then 'Sale to customer #' else 'Purchase #' end || g,
         (array['mpesa','cash','bank','card'])[1 + g % 4]::payment_method,
         now() - random() * interval '365 days',
         'BENCH-' || g,
         'import'
       from generate_series($5::int, $6::int) as g,
         lateral (select ((100 + floor(random() * 50000)) * 100)::bigint + (g % 100) as amount) as a`,
      [options.businessId, options.ownerId, income, expense, start + 1, start + size],
    );
    options.log(`    ${(start + size).toLocaleString("en")} rows`);
  }
}
