import { type DbOrTx, ledgerMonthlyTotals } from "@kavi/db";
import { addMonths } from "@kavi/domain";
import { gte } from "drizzle-orm";

/**
 * Every business with books in the last thirteen months, for the nightly model runs (forecast, credit score).
 * The monthly totals name them in a few hundred rows each, not every transaction.
 */
export async function businessesWithRecentBooks(db: DbOrTx, now: Date): Promise<string[]> {
  const rows = await db
    .selectDistinct({ businessId: ledgerMonthlyTotals.businessId })
    .from(ledgerMonthlyTotals)
    .where(gte(ledgerMonthlyTotals.month, addMonths(`${now.toISOString().slice(0, 8)}01`, -13)));
  return rows.map((row) => row.businessId);
}
