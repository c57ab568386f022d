import { type DbOrTx, invoiceSettings } from "@kavi/db";
import {
  addMonths,
  type Granularity,
  inField,
  localDateOf,
  parseMoney,
  startOfMonth,
  type ZOpeningBalanceSchema,
} from "@kavi/domain";
import { sql } from "drizzle-orm";
import type { z } from "zod";
import { diffChanges, recordActivity } from "./activity";
import { balanceAtStartOf, incomeExpenseSeries, openingBalance } from "./analytics";
import type { ServiceContext } from "./service-context";
import type { LedgerBusiness } from "./transactions/queries";
import { inTransaction } from "./unit-of-work";

/**
 * Cash flow: money in, money out and net per day, week or month, with the running balance — the opening
 * balance (set by an admin, as of a date) moved by every completed transaction since.
 */
export async function cashFlow(
  db: DbOrTx,
  business: LedgerBusiness,
  input: { from?: string | null; to?: string | null; granularity: Granularity },
  now: Date,
) {
  const today = localDateOf(now, business.timezone);
  const to = input.to ?? today;
  const from = input.from ?? startOfMonth(addMonths(to, -11));
  const [series, startBalanceMinor, opening] = await Promise.all([
    incomeExpenseSeries(db, business.id, { from, to }, input.granularity, "cash"),
    balanceAtStartOf(db, business.id, from),
    openingBalance(db, business.id),
  ]);
  let balance = startBalanceMinor;
  const totals = { inflowMinor: 0n, outflowMinor: 0n, netMinor: 0n };
  const buckets = series.map((point) => {
    balance += point.netMinor;
    totals.inflowMinor += point.incomeMinor;
    totals.outflowMinor += point.expenseMinor;
    totals.netMinor += point.netMinor;
    return {
      bucket: point.bucket,
      inflowMinor: point.incomeMinor,
      outflowMinor: point.expenseMinor,
      netMinor: point.netMinor,
      /** The balance at the end of the bucket. */
      balanceMinor: balance,
    };
  });
  return {
    from,
    to,
    granularity: input.granularity,
    currency: business.baseCurrency,
    opening: { amountMinor: opening.amountMinor, date: opening.date },
    startBalanceMinor,
    endBalanceMinor: balance,
    totals,
    buckets,
  };
}

/** Sets the opening cash balance (as of the start of a local date) that the running balance starts from. */
export async function setOpeningBalance(
  ctx: ServiceContext,
  business: LedgerBusiness,
  input: z.output<typeof ZOpeningBalanceSchema>,
) {
  const amountMinor = inField("amount", () => parseMoney(input.amount, business.baseCurrency));
  return inTransaction(ctx, async (tx) => {
    const before = await openingBalance(tx, business.id);
    await tx
      .insert(invoiceSettings)
      .values({ businessId: business.id, openingBalanceMinor: amountMinor, openingBalanceDate: input.date })
      .onConflictDoUpdate({
        target: invoiceSettings.businessId,
        set: { openingBalanceMinor: amountMinor, openingBalanceDate: input.date, updatedAt: sql`now()` },
      });
    await recordActivity(tx, ctx.actor, {
      action: "cash_flow.opening_balance_set",
      entityType: "business",
      entityId: business.id,
      changes: diffChanges(
        { openingBalanceMinor: before.amountMinor, openingBalanceDate: before.date },
        { openingBalanceMinor: amountMinor, openingBalanceDate: input.date },
      ),
    });
    return { amountMinor, date: input.date };
  });
}
