import { char, date, index, jsonb, numeric, pgTable, uniqueIndex, varchar } from "drizzle-orm/pg-core";
import { id, timestamps, timestamptz } from "./columns";

/**
 * Exchange rates as a provider published them: `1 base = rate quote` on `rateDate` (the publisher's Nairobi
 * date). Shared by every business (rates are public facts, not business data). One row per source, date and
 * pair; a later fetch of the same day overwrites it (CBK sometimes corrects a figure). Weekends and holidays
 * have no row: lookups carry the previous one forward and say so. Never floats: numeric, read as text.
 */
export const exchangeRates = pgTable(
  "exchange_rates",
  {
    id: id(),
    source: varchar({ length: 20 }).notNull(),
    kind: varchar({ length: 20 }).notNull(),
    rateDate: date({ mode: "string" }).notNull(),
    base: char({ length: 3 }).notNull(),
    quote: char({ length: 3 }).notNull(),
    rate: numeric({ precision: 24, scale: 10 }).notNull(),
    fetchedAt: timestamptz().notNull(),
    /** The provider's row as received, for audits. */
    raw: jsonb().$type<unknown>(),
    ...timestamps,
  },
  (table) => [
    uniqueIndex("exchange_rates_source_date_pair_key").on(
      table.source,
      table.rateDate,
      table.base,
      table.quote,
    ),
    index("exchange_rates_pair_date_idx").on(table.base, table.quote, table.rateDate),
  ],
);

export type TExchangeRateRow = typeof exchangeRates.$inferSelect;
export type TNewExchangeRateRow = typeof exchangeRates.$inferInsert;
