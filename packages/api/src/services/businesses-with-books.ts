import { type DbOrTx, ledgerMonthlyTotals } from "@kavi/db";
import { addMonths, localDateOf } from "@kavi/domain";
import { gte } from "drizzle-orm";

/**
 * Every business with books in the last thirteen months, for the nightly model runs (forecast, credit score).
 * The monthly totals name them in a few hundred rows each, not every transaction. The month is Nairobi's, so
 * a run just after midnight on the 1st (still the previous month in UTC) looks back from the right month.
 */
export async function businessesWithRecentBooks(db: DbOrTx, now: Date): Promise<string[]> {
  const rows = await db
    .selectDistinct({ businessId: ledgerMonthlyTotals.businessId })
    .from(ledgerMonthlyTotals)
    .where(gte(ledgerMonthlyTotals.month, addMonths(`${localDateOf(now).slice(0, 8)}01`, -13)));
  return rows.map((row) => row.businessId);
}
