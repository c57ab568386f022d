import {
  bigint,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  uniqueIndex,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { businesses } from "./businesses";
import { id, timestamps, timestamptz } from "./columns";

/**
 * One cash-flow forecast per business per local day (the day it starts from). The nightly job and on-demand
 * runs the same day overwrite that day's row, so the job is idempotent; earlier days stay, so yesterday's
 * forecast can be compared with what happened. `inputs` is everything the model saw (what-ifs are computed
 * from it, never stored); `points` the daily balances with their band; money as strings of minor units.
 */
export const forecasts = pgTable(
  "forecasts",
  {
    id: id(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    asOf: date({ mode: "string" }).notNull(),
    modelVersion: varchar({ length: 40 }).notNull(),
    currency: varchar({ length: 3 }).notNull(),
    startBalanceMinor: bigint({ mode: "bigint" }).notNull(),
    inputs: jsonb().$type<Record<string, unknown>>().notNull(),
    inputsSummary: jsonb().$type<Record<string, unknown>>().notNull(),
    points: jsonb().$type<Record<string, unknown>[]>().notNull(),
    events: jsonb().$type<Record<string, unknown>[]>().notNull(),
    /** The expected balance at its lowest, and when. */
    lowestBalanceMinor: bigint({ mode: "bigint" }).notNull(),
    lowestOn: date({ mode: "string" }).notNull(),
    computedAt: timestamptz().notNull().defaultNow(),
  },
  (t) => [uniqueIndex("forecasts_business_day_key").on(t.businessId, t.asOf)],
);

/**
 * A business's cash alert: the balance below which the owner wants to hear, and the open episode (from the
 * forecast that first crossed below it until one that no longer does), so each episode alerts once.
 */
export const forecastSettings = pgTable("forecast_settings", {
  businessId: uuid()
    .primaryKey()
    .references(() => businesses.id, { onDelete: "cascade" }),
  thresholdMinor: bigint({ mode: "bigint" }),
  /** Set when an alert went out; cleared when a forecast no longer crosses below the threshold. */
  alertEpisodeStartedAt: timestamptz(),
  alertedCrossingOn: date({ mode: "string" }),
  ...timestamps,
});

/**
 * The credit score per business per month (the first day of the month names it): recomputed nightly for
 * the current month, frozen once the month is over, so the monthly history is what was computed then.
 * `score` and `band` are null while there is not enough history.
 */
export const creditScores = pgTable(
  "credit_scores",
  {
    id: id(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    month: date({ mode: "string" }).notNull(),
    modelVersion: varchar({ length: 40 }).notNull(),
    score: integer(),
    band: varchar({ length: 20 }),
    /** The factors, reason codes and suggestions, as the model returned them. */
    result: jsonb().$type<Record<string, unknown>>().notNull(),
    computedAt: timestamptz().notNull().defaultNow(),
  },
  (t) => [uniqueIndex("credit_scores_business_month_key").on(t.businessId, t.month)],
);

/**
 * A credit report the owner downloaded. The verification code is random (unguessable) and is all the public
 * verification page takes; it shows only what this row says: who issued it, for which business, when, and
 * the score.
 */
export const creditReports = pgTable(
  "credit_reports",
  {
    id: id(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    code: varchar({ length: 32 }).notNull(),
    businessName: varchar({ length: 255 }).notNull(),
    score: integer().notNull(),
    band: varchar({ length: 20 }).notNull(),
    modelVersion: varchar({ length: 40 }).notNull(),
    issuedOn: date({ mode: "string" }).notNull(),
    issuedByUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamptz().notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("credit_reports_code_key").on(t.code),
    index("credit_reports_business_idx").on(t.businessId, t.createdAt.desc()),
  ],
);
