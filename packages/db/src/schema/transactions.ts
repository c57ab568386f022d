import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  char,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  real,
  text,
  unique,
  uniqueIndex,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { businesses } from "./businesses";
import { categories } from "./categories";
import { id, timestamps, timestamptz } from "./columns";
import { customers, suppliers } from "./contacts";
import {
  categorySourceEnum,
  paymentMethodEnum,
  transactionSourceEnum,
  transactionStatusEnum,
  transactionTypeEnum,
} from "./enums";
import { invoices } from "./invoices";

/**
 * Money in and out. Amounts are positive minor units; the type says the direction. A foreign-currency row
 * keeps the rate used and its amount in the business's base currency, and every report sums base amounts.
 */
export const transactions = pgTable(
  "transactions",
  {
    id: id(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    createdByUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    type: transactionTypeEnum().notNull(),
    status: transactionStatusEnum().notNull().default("completed"),
    amountMinor: bigint({ mode: "bigint" }).notNull(),
    currency: char({ length: 3 }).notNull(),
    /** Base-currency units per one unit of `currency`, as used on the day (1 for base-currency rows). */
    exchangeRate: numeric({ precision: 20, scale: 10 }).notNull().default("1"),
    baseAmountMinor: bigint({ mode: "bigint" }).notNull(),
    categoryId: uuid().references(() => categories.id, { onDelete: "set null" }),
    /** How the category was set: a person, their rule, the learned model, Gemini, the file, KAVI's default. */
    categorySource: categorySourceEnum(),
    /** The rule that set it (kept for "why"); no foreign key: deleting a rule keeps the history. */
    categoryRuleId: uuid(),
    /** The model's confidence when the learned model or Gemini set it. */
    categoryConfidence: real(),
    description: text(),
    paymentMethod: paymentMethodEnum().notNull().default("cash"),
    transactionDate: timestamptz().notNull(),
    referenceNumber: varchar({ length: 100 }),
    /**
     * VAT included in the amount (same currency), as on the supplier's tax invoice: with a supplier PIN it is
     * input VAT in the monthly VAT report. Null when the expense carries no VAT or it is not known.
     */
    vatMinor: bigint({ mode: "bigint" }),
    /** An id from the source system (M-Pesa receipt, bank reference, CSV row key): unique per business. */
    externalId: varchar({ length: 255 }),
    /**
     * The key a person's device gave this entry when it was captured (offline capture): unique per business, so
     * a create sent again after a lost answer returns this row instead of booking it twice.
     */
    clientRequestId: uuid(),
    source: transactionSourceEnum().notNull().default("manual"),
    customerId: uuid().references(() => customers.id, { onDelete: "set null" }),
    supplierId: uuid().references(() => suppliers.id, { onDelete: "set null" }),
    /** The invoice this payment settles. */
    invoiceId: uuid().references((): AnyPgColumn => invoices.id, { onDelete: "set null" }),
    importId: uuid(),
    notes: text(),
    metadata: jsonb().$type<Record<string, unknown>>(),
    /** Void keeps the row (and its external id, so it cannot be booked again) but takes it out of reports. */
    voidedAt: timestamptz(),
    voidReason: text(),
    ...timestamps,
  },
  (t) => [
    index("transactions_business_date_idx").on(t.businessId, t.transactionDate.desc(), t.id.desc()),
    // The list sorted by amount (largest or smallest first) walks this instead of sorting every row of the business.
    index("transactions_business_amount_idx").on(t.businessId, t.baseAmountMinor.desc(), t.id.desc()),
    index("transactions_business_type_date_idx").on(t.businessId, t.type, t.transactionDate.desc()),
    index("transactions_business_category_idx").on(t.businessId, t.categoryId, t.transactionDate.desc()),
    index("transactions_business_customer_idx").on(t.businessId, t.customerId, t.transactionDate.desc()),
    index("transactions_business_supplier_idx").on(t.businessId, t.supplierId, t.transactionDate.desc()),
    index("transactions_user_date_idx").on(t.createdByUserId, t.transactionDate.desc()),
    index("transactions_invoice_idx").on(t.invoiceId),
    // The Review queue and the categorisation passes: a business's rows still without a category.
    index("transactions_uncategorised_idx")
      .on(t.businessId, t.transactionDate.desc())
      .where(sql`${t.categoryId} is null and ${t.type} <> 'transfer' and ${t.status} <> 'void'`),
    uniqueIndex("transactions_business_external_id_key")
      .on(t.businessId, t.externalId)
      .where(sql`${t.externalId} is not null`),
    uniqueIndex("transactions_business_client_request_id_key")
      .on(t.businessId, t.clientRequestId)
      .where(sql`${t.clientRequestId} is not null`),
  ],
);

/** A CSV upload between "preview" and "import": the file, the mapping chosen, and what happened. */
export const transactionImports = pgTable("transaction_imports", {
  id: id(),
  businessId: uuid()
    .notNull()
    .references(() => businesses.id, { onDelete: "cascade" }),
  createdByUserId: uuid().references(() => users.id, { onDelete: "set null" }),
  fileName: varchar({ length: 255 }).notNull(),
  /** "generic" or "mpesa_statement". */
  format: varchar({ length: 30 }).notNull(),
  content: text(),
  mapping: jsonb().$type<Record<string, unknown>>(),
  status: varchar({ length: 20 }).notNull().default("previewed"),
  rowCount: bigint({ mode: "number" }).notNull().default(0),
  importedCount: bigint({ mode: "number" }).notNull().default(0),
  rejectedRows: jsonb().$type<{ row: number; reason: string }[]>(),
  completedAt: timestamptz(),
  ...timestamps,
});

/**
 * Completed transactions summed per business, local day (in the business's time zone), type and category,
 * in base-currency minor units. Kept right inside every writing transaction by a deferred trigger on
 * `transactions` (see the ledger_daily_totals migration), so reports over a year read a few thousand rows
 * instead of every transaction. Rebuilt for a business when its time zone changes.
 */
export const ledgerDailyTotals = pgTable(
  "ledger_daily_totals",
  {
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    day: date({ mode: "string" }).notNull(),
    type: transactionTypeEnum().notNull(),
    /** No foreign key: categories are archived, never deleted, and merges move totals through the trigger. */
    categoryId: uuid(),
    amountMinor: bigint({ mode: "bigint" }).notNull().default(sql`0`),
    count: integer().notNull().default(0),
  },
  (t) => [unique("ledger_daily_totals_key").on(t.businessId, t.day, t.type, t.categoryId).nullsNotDistinct()],
);

/**
 * The same totals per local month (the first day of the month names it): a year is a few hundred rows, so
 * the 12-month summary and the dashboard stay fast at any volume. Kept by the same trigger as the daily
 * totals; partial months are the monthly row minus the daily rows outside the range.
 */
export const ledgerMonthlyTotals = pgTable(
  "ledger_monthly_totals",
  {
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    month: date({ mode: "string" }).notNull(),
    type: transactionTypeEnum().notNull(),
    categoryId: uuid(),
    amountMinor: bigint({ mode: "bigint" }).notNull().default(sql`0`),
    count: integer().notNull().default(0),
  },
  (t) => [
    unique("ledger_monthly_totals_key").on(t.businessId, t.month, t.type, t.categoryId).nullsNotDistinct(),
  ],
);
