import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  text,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { businesses } from "./businesses";
import { categories } from "./categories";
import { id, timestamps, timestamptz } from "./columns";
import {
  categoryRuleFieldEnum,
  categoryRuleOperatorEnum,
  categorySourceEnum,
  paymentMethodEnum,
} from "./enums";
import { transactions } from "./transactions";

/**
 * Rules a business writes: "description contains KPLC → Utilities". Applied, by priority, to every new
 * transaction that arrives without a category, inside the transaction that books it. Money in or out is the
 * category's kind, so a rule can never put money in under an expense.
 */
export const categoryRules = pgTable(
  "category_rules",
  {
    id: id(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    categoryId: uuid()
      .notNull()
      .references(() => categories.id, { onDelete: "cascade" }),
    field: categoryRuleFieldEnum().notNull().default("any"),
    operator: categoryRuleOperatorEnum().notNull().default("contains"),
    text: varchar({ length: 200 }),
    minAmountMinor: bigint({ mode: "bigint" }),
    maxAmountMinor: bigint({ mode: "bigint" }),
    paymentMethod: paymentMethodEnum(),
    /** Lower runs first. */
    priority: integer().notNull().default(100),
    enabled: boolean().notNull().default(true),
    /** How many transactions it has categorised (a rule nobody's rows meet is worth a look). */
    matchCount: integer().notNull().default(0),
    lastMatchedAt: timestamptz(),
    createdByUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    ...timestamps,
  },
  (t) => [index("category_rules_business_priority_idx").on(t.businessId, t.priority)],
);

/**
 * What the learned model (or Gemini) thinks an uncategorised transaction is, when it was not sure enough to
 * apply it: the Review queue. One row per transaction; gone once a category is set.
 */
export const categorySuggestions = pgTable(
  "category_suggestions",
  {
    transactionId: uuid()
      .primaryKey()
      .references(() => transactions.id, { onDelete: "cascade" }),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    categoryId: uuid()
      .notNull()
      .references(() => categories.id, { onDelete: "cascade" }),
    source: categorySourceEnum().notNull(),
    confidence: real().notNull(),
    reasons: jsonb().$type<string[]>().notNull().default([]),
    modelVersion: varchar({ length: 40 }).notNull(),
    createdAt: timestamptz().notNull().defaultNow(),
  },
  (t) => [index("category_suggestions_business_idx").on(t.businessId, t.createdAt)],
);

/** A categorisation pass over a business's uncategorised transactions, with its progress for the screen. */
export const categorisationRuns = pgTable(
  "categorisation_runs",
  {
    id: id(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    requestedByUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    /** "all": every uncategorised row (the button); "new": a pass after new rows arrived. */
    scope: varchar({ length: 10 }).notNull(),
    /** queued, running, completed, failed. */
    status: varchar({ length: 12 }).notNull().default("queued"),
    total: integer().notNull().default(0),
    processed: integer().notNull().default(0),
    /** Applied by the business's rules / the learned model / Gemini; left as suggestions for people. */
    ruleApplied: integer().notNull().default(0),
    learnedApplied: integer().notNull().default(0),
    aiApplied: integer().notNull().default(0),
    suggested: integer().notNull().default(0),
    /** Why Gemini was not asked (no key, daily cap reached, unavailable), when it was not. */
    aiNote: text(),
    error: text(),
    startedAt: timestamptz(),
    finishedAt: timestamptz(),
    ...timestamps,
  },
  (t) => [index("categorisation_runs_business_idx").on(t.businessId, t.createdAt.desc())],
);

/** What a model call was for: each feature has its own allowance (a daily cap, the assistant's monthly cap). */
export const AI_FEATURES = ["categorisation", "assistant"] as const;
export type AiFeature = (typeof AI_FEATURES)[number];

/**
 * Model calls per business per local day (Africa/Nairobi) and feature: requests, tokens, failures and an
 * estimated cost, counted around each call against the feature's allowance.
 */
export const aiUsageDaily = pgTable(
  "ai_usage_daily",
  {
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    day: date({ mode: "string" }).notNull(),
    feature: text({ enum: AI_FEATURES }).notNull().default("categorisation"),
    requests: integer().notNull().default(0),
    promptTokens: integer().notNull().default(0),
    outputTokens: integer().notNull().default(0),
    failures: integer().notNull().default(0),
    /** Estimated from the configured prices, in millionths of a US dollar (an integer, never a float). */
    costMicroUsd: bigint({ mode: "bigint" }).notNull().default(sql`0`),
    updatedAt: timestamptz().notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.businessId, t.day, t.feature] })],
);

/** A business's own monthly allowance of assistant tokens, when it differs from the setting (set by operators). */
export const aiAllowances = pgTable("ai_allowances", {
  businessId: uuid()
    .primaryKey()
    .references(() => businesses.id, { onDelete: "cascade" }),
  /** Gemini tokens the assistant may use per calendar month; 0 keeps this business on the offline brain. */
  assistantMonthlyTokens: integer().notNull(),
  note: text(),
  ...timestamps,
});
