import { type DbOrTx, exchangeRates } from "@kavi/db";
import {
  addDays,
  crossRate,
  dateInZone,
  FX_CURRENCIES,
  FX_LOOKBACK_DAYS,
  FX_PIVOT_CURRENCY,
  kesPerUnit,
  type RateFreshness,
  rateFreshness,
} from "@kavi/domain";
import { and, asc, desc, eq, gte, lte, max, or, sql } from "drizzle-orm";

/**
 * Reading stored exchange rates. Rows are kept as published (mostly "1 USD = x KES", but "1 KES = x UGX");
 * every answer goes through KES with exact decimal division. A date with no row (weekend, holiday, outage)
 * gets the newest earlier row within FX_LOOKBACK_DAYS, marked `stale` with the date it really is from.
 */
export interface RateQuote {
  /** How many `to` one `from` is worth, exact decimal text (≤ 10 decimals). */
  rate: string;
  /** The publication the rate comes from (the older of the two legs for a cross rate). */
  rateDate: string;
  source: string;
  /** True when `rateDate` is before the date asked for: the last known rate, carried forward. */
  stale: boolean;
}

function pairCondition(currency: string) {
  return or(
    and(eq(exchangeRates.base, currency), eq(exchangeRates.quote, FX_PIVOT_CURRENCY)),
    and(eq(exchangeRates.base, FX_PIVOT_CURRENCY), eq(exchangeRates.quote, currency)),
  );
}

/** KES per unit of `currency` on `date`, or the newest earlier one within the lookback. */
async function kesLeg(db: DbOrTx, currency: string, date: string) {
  if (currency === FX_PIVOT_CURRENCY) return { kes: "1", rateDate: date, source: "" };
  const [row] = await db
    .select()
    .from(exchangeRates)
    .where(
      and(
        pairCondition(currency),
        lte(exchangeRates.rateDate, date),
        gte(exchangeRates.rateDate, addDays(date, -FX_LOOKBACK_DAYS)),
      ),
    )
    .orderBy(desc(exchangeRates.rateDate), asc(exchangeRates.source))
    .limit(1);
  if (!row) return null;
  const kes = kesPerUnit(row, currency);
  return kes ? { kes, rateDate: row.rateDate, source: row.source } : null;
}

/** How many `to` one `from` was worth on `date`; null when nothing was published in the lookback window. */
export async function findRate(
  db: DbOrTx,
  input: { date: string; from: string; to: string },
): Promise<RateQuote | null> {
  if (input.from === input.to) return { rate: "1", rateDate: input.date, source: "", stale: false };
  const [from, to] = await Promise.all([
    kesLeg(db, input.from, input.date),
    kesLeg(db, input.to, input.date),
  ]);
  if (!from || !to) return null;
  const rate = crossRate(from.kes, to.kes);
  if (!rate) return null;
  // The older leg decides how old the cross rate is (ISO dates sort as text).
  const [rateDate = input.date] = [from.rateDate, to.rateDate].sort();
  return { rate, rateDate, source: from.source || to.source, stale: rateDate < input.date };
}

export interface LatestRate {
  currency: string;
  /** KES per one unit; null when nothing was published in the lookback window. */
  kesPerUnit: string | null;
  rateDate: string | null;
  source: string | null;
  stale: boolean;
  /** KES per unit at the publication before, for the change column. */
  previousKesPerUnit: string | null;
}

/** The newest rate of every listed currency as of `today`, and the one before it. */
export async function listLatestRates(db: DbOrTx, today: string): Promise<LatestRate[]> {
  return Promise.all(
    FX_CURRENCIES.map(async (currency): Promise<LatestRate> => {
      const rows = await db
        .select()
        .from(exchangeRates)
        .where(
          and(
            pairCondition(currency),
            lte(exchangeRates.rateDate, today),
            gte(exchangeRates.rateDate, addDays(today, -FX_LOOKBACK_DAYS)),
          ),
        )
        .orderBy(desc(exchangeRates.rateDate), asc(exchangeRates.source))
        .limit(2);
      const [latest, previous] = rows;
      return {
        currency,
        kesPerUnit: latest ? kesPerUnit(latest, currency) : null,
        rateDate: latest?.rateDate ?? null,
        source: latest?.source ?? null,
        stale: latest ? latest.rateDate < today : true,
        previousKesPerUnit: previous ? kesPerUnit(previous, currency) : null,
      };
    }),
  );
}

/** KES per unit of `currency` for each published day from `from` to `to`, oldest first. */
export async function rateHistory(db: DbOrTx, input: { currency: string; from: string; to: string }) {
  const rows = await db
    .select()
    .from(exchangeRates)
    .where(
      and(
        pairCondition(input.currency),
        gte(exchangeRates.rateDate, input.from),
        lte(exchangeRates.rateDate, input.to),
      ),
    )
    .orderBy(asc(exchangeRates.rateDate), asc(exchangeRates.source));
  const points: { rateDate: string; kesPerUnit: string }[] = [];
  for (const row of rows) {
    if (points.at(-1)?.rateDate === row.rateDate) continue;
    const kes = kesPerUnit(row, input.currency);
    if (kes) points.push({ rateDate: row.rateDate, kesPerUnit: kes });
  }
  return points;
}

/** How fresh the stored rates are, measured in weekday publications missing up to today (Nairobi). */
export async function exchangeRateFreshness(db: DbOrTx, now: Date): Promise<RateFreshness> {
  const [row] = await db.select({ newest: max(exchangeRates.rateDate) }).from(exchangeRates);
  return rateFreshness(row?.newest ?? null, dateInZone(now));
}

/** Has a row for `date` already been stored (the daily job's "nothing left to do today")? */
export async function hasRatesFor(db: DbOrTx, date: string): Promise<boolean> {
  const [row] = await db
    .select({ present: sql<number>`1` })
    .from(exchangeRates)
    .where(eq(exchangeRates.rateDate, date))
    .limit(1);
  return Boolean(row);
}
