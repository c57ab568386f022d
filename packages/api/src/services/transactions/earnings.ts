import { categories } from "@kavi/db";
import { PROFIT_EXCLUDED_CATEGORY_KEYS, type SystemCategoryKey } from "@kavi/domain";
import { type AnyColumn, type SQL, sql } from "drizzle-orm";

/**
 * The one rule for what counts as earned or spent: every income or expense except those in categories that
 * only move cash (a loan received, principal paid back; PROFIT_EXCLUDED_CATEGORY_KEYS). Profit and loss,
 * the dashboard and analytics totals, the digests (through profit and loss) and the credit score use it;
 * cash balance and cash flow do not, because the money really moved.
 *
 * A condition on a row's category id (a transactions column or a ledger totals row's `category_id`):
 * uncategorised rows count; rows in one of the business's excluded categories (found by system key, so a
 * renamed category still counts as what it is) do not.
 */
export function countsAsEarnings(
  categoryId: AnyColumn | SQL,
  businessId: string | AnyColumn | SQL,
  excludedKeys: readonly SystemCategoryKey[] = PROFIT_EXCLUDED_CATEGORY_KEYS,
): SQL {
  if (excludedKeys.length === 0) return sql`true`;
  const keys = sql.join(
    excludedKeys.map((key) => sql`${key}`),
    sql`, `,
  );
  return sql`(${categoryId} is null or ${categoryId} not in (
    select excluded.id from ${categories} excluded
    where excluded.business_id = ${businessId} and excluded.system_key in (${keys})))`;
}

/**
 * The same rule for a row already joined to its category: false for an uncategorised row, true for one in a
 * category whose system key is one of the excluded ones (a business's categories only: the caller joined the
 * row's own category).
 */
export function isProfitExcluded(
  systemKey: string | null,
  excludedKeys: readonly SystemCategoryKey[] = PROFIT_EXCLUDED_CATEGORY_KEYS,
): boolean {
  return systemKey !== null && (excludedKeys as readonly string[]).includes(systemKey);
}
