import { exchangeRates } from "@kavi/db";
import { addDays, dateInZone, type RateFreshness } from "@kavi/domain";
import { type CbkClient, type FxObservation, FxProviderError } from "@kavi/fx";
import { sql } from "drizzle-orm";
import type { ServiceContext } from "../service-context";
import { exchangeRateFreshness } from "./rates";

/** On each run, rows older than this are ignored (a first run backfills this much history). */
export const FX_INGEST_WINDOW_DAYS = 120;

export interface IngestResult {
  fetched: number;
  stored: number;
  skipped: number;
  newestRateDate: string | null;
  freshness: RateFreshness;
}

/**
 * The daily job's work: fetch the provider's table, upsert the rows of the last FX_INGEST_WINDOW_DAYS days
 * (a corrected figure overwrites its day; nothing synthetic is ever inserted for a missing day), then measure
 * freshness and raise the alarm (an error log the log metric filter counts) when about 48 hours of weekday
 * publications are missing. A provider failure is rethrown after the freshness check, so BullMQ retries.
 */
export async function ingestExchangeRates(
  ctx: Pick<ServiceContext, "db" | "logger" | "now">,
  client: Pick<CbkClient, "fetchRates" | "source">,
): Promise<IngestResult> {
  const now = ctx.now();
  const today = dateInZone(now);
  let observations: FxObservation[] = [];
  let skipped = 0;
  let failure: unknown = null;
  try {
    ({ observations, skipped } = await client.fetchRates());
  } catch (error) {
    failure = error;
  }
  const since = addDays(today, -FX_INGEST_WINDOW_DAYS);
  const wanted = observations.filter((row) => row.rateDate >= since && row.rateDate <= today);
  if (wanted.length > 0) {
    for (let start = 0; start < wanted.length; start += 500) {
      await ctx.db
        .insert(exchangeRates)
        .values(
          wanted.slice(start, start + 500).map((row) => ({
            source: row.source,
            kind: row.kind,
            rateDate: row.rateDate,
            base: row.base,
            quote: row.quote,
            rate: row.rate,
            fetchedAt: now,
            raw: row.raw,
          })),
        )
        .onConflictDoUpdate({
          target: [exchangeRates.source, exchangeRates.rateDate, exchangeRates.base, exchangeRates.quote],
          set: { rate: sql`excluded.rate`, fetchedAt: now, raw: sql`excluded.raw`, updatedAt: now },
        });
    }
  }
  const freshness = await exchangeRateFreshness(ctx.db, now);
  const newestRateDate = wanted.reduce<string | null>(
    (newest, row) => (!newest || row.rateDate > newest ? row.rateDate : newest),
    null,
  );
  const result = { fetched: observations.length, stored: wanted.length, skipped, newestRateDate, freshness };
  if (skipped > 0)
    ctx.logger.warn({ skipped, source: client.source }, "exchange-rate rows could not be read");
  if (freshness.alarm) {
    ctx.logger.error(
      { fxRatesAlarm: 1, ...freshness, source: client.source },
      "exchange rates are stale: no fresh rates for more than 48 hours",
    );
  }
  if (failure) {
    ctx.logger.warn({ err: failure, source: client.source }, "exchange-rate provider failed");
    throw failure instanceof FxProviderError
      ? failure
      : new FxProviderError("exchange-rate fetch failed", true, { cause: failure });
  }
  return result;
}
