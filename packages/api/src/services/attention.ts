import {
  type DbOrTx,
  forecastSettings,
  forecasts,
  mpesaPayments,
  mpesaPayouts,
  mpesaReversals,
} from "@kavi/db";
import { addDays, can, localDateOf, type MemberGrant } from "@kavi/domain";
import { and, desc, eq, gte, lte, sql } from "drizzle-orm";
import { listBudgets } from "./budgets/budgets";
import { receivables } from "./dashboard";
import type { LedgerBusiness } from "./transactions/queries";

/** A forecast stored this long ago still says something about the next weeks; older ones are not shown. */
const FORECAST_FRESH_DAYS = 3;

export interface AttentionCount {
  count: number;
  amountMinor: bigint;
  currency: string;
}

/**
 * What needs attention today, for the business home: each section only when the member may see what it counts
 * (the same permission as its screen), null otherwise. Counts and amounts only; the screens have the lists.
 */
export interface Attention {
  asOf: string;
  overdueInvoices: AttentionCount | null;
  unreconciledPayments: AttentionCount | null;
  budgetsOver: (AttentionCount & { month: string }) | null;
  /** Present when allowed; `low` is null while the forecast does not go below the alert level (or zero). */
  lowCash: {
    low: { lowestMinor: bigint; lowestOn: string; thresholdMinor: bigint | null; currency: string } | null;
  } | null;
  payoutApprovals: AttentionCount | null;
  reversalApprovals: AttentionCount | null;
}

/** Count and total of a business's M-Pesa rows in one status (payments, payouts or reversals). */
async function pendingTotals(
  db: DbOrTx,
  table: typeof mpesaPayments | typeof mpesaPayouts | typeof mpesaReversals,
  businessId: string,
  status: string,
): Promise<{ count: number; amountMinor: bigint }> {
  const result = await db.execute<{ count: number; amount: string }>(sql`
    select count(*)::int as count, coalesce(sum(${table.amountMinor}), 0)::text as amount
    from ${table} where ${table.businessId} = ${businessId} and ${table.status} = ${status}`);
  const row = result.rows[0];
  return { count: Number(row?.count ?? 0), amountMinor: BigInt(row?.amount ?? "0") };
}

/**
 * The low-cash signal from the stored forecast (the nightly job's; computing one here would make the home page
 * wait for the model): its lowest expected balance against the owner's alert level, or zero without one.
 */
async function lowCash(db: DbOrTx, business: LedgerBusiness, today: string) {
  const [[stored], [settings]] = await Promise.all([
    db
      .select({
        currency: forecasts.currency,
        lowestMinor: forecasts.lowestBalanceMinor,
        lowestOn: forecasts.lowestOn,
      })
      .from(forecasts)
      .where(
        and(
          eq(forecasts.businessId, business.id),
          lte(forecasts.asOf, today),
          gte(forecasts.asOf, addDays(today, -FORECAST_FRESH_DAYS)),
        ),
      )
      .orderBy(desc(forecasts.asOf))
      .limit(1),
    db
      .select({ thresholdMinor: forecastSettings.thresholdMinor })
      .from(forecastSettings)
      .where(eq(forecastSettings.businessId, business.id)),
  ]);
  if (!stored) return null;
  const thresholdMinor = settings?.thresholdMinor ?? null;
  const low = stored.lowestMinor < (thresholdMinor ?? 0n);
  return low ? { ...stored, thresholdMinor } : null;
}

export async function needsAttention(
  db: DbOrTx,
  business: LedgerBusiness,
  membership: MemberGrant,
  now: Date,
): Promise<Attention> {
  const today = localDateOf(now, business.timezone);
  const currency = business.baseCurrency;
  const allowed = <T>(rule: Parameters<typeof can>[1], read: () => Promise<T>) =>
    can(membership, rule) ? read() : Promise.resolve(null);
  const [overdue, unreconciled, budgets, cash, payouts, reversals] = await Promise.all([
    allowed("invoices.read", () => receivables(db, business, today)),
    allowed("payments.read", () => pendingTotals(db, mpesaPayments, business.id, "unreconciled")),
    allowed("budgets.read", () => listBudgets(db, business, null, now)),
    allowed("reports.read", async () => ({ low: await lowCash(db, business, today) })),
    allowed("payouts.read", () => pendingTotals(db, mpesaPayouts, business.id, "awaiting_approval")),
    allowed("payments.read", () => pendingTotals(db, mpesaReversals, business.id, "awaiting_approval")),
  ]);
  const over = budgets?.items.filter((item) => item.status === "over") ?? [];
  return {
    asOf: today,
    overdueInvoices: overdue
      ? { count: overdue.overdueCount, amountMinor: overdue.overdueMinor, currency }
      : null,
    // M-Pesa is in shillings.
    unreconciledPayments: unreconciled ? { ...unreconciled, currency: "KES" } : null,
    budgetsOver: budgets
      ? {
          month: budgets.month,
          count: over.length,
          amountMinor: over.reduce((sum, item) => sum + (item.actualMinor - item.amountMinor), 0n),
          currency,
        }
      : null,
    lowCash: cash,
    payoutApprovals: payouts ? { ...payouts, currency: "KES" } : null,
    reversalApprovals: reversals ? { ...reversals, currency: "KES" } : null,
  };
}
