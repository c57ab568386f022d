import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  char,
  index,
  jsonb,
  numeric,
  pgTable,
  text,
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
    description: text(),
    paymentMethod: paymentMethodEnum().notNull().default("cash"),
    transactionDate: timestamptz().notNull(),
    referenceNumber: varchar({ length: 100 }),
    /** An id from the source system (M-Pesa receipt, bank reference, CSV row key): unique per business. */
    externalId: varchar({ length: 255 }),
    source: transactionSourceEnum().notNull().default("manual"),
    customerId: uuid().references(() => customers.id, { onDelete: "set null" }),
    supplierId: uuid().references(() => suppliers.id, { onDelete: "set null" }),
    /** The invoice this payment settles. */
    invoiceId: uuid().references((): AnyPgColumn => invoices.id, { onDelete: "set null" }),
    importId: uuid(),
    metadata: jsonb().$type<Record<string, unknown>>(),
    ...timestamps,
  },
  (t) => [
    index("transactions_business_date_idx").on(t.businessId, t.transactionDate.desc(), t.id.desc()),
    index("transactions_business_type_date_idx").on(t.businessId, t.type, t.transactionDate.desc()),
    index("transactions_business_category_idx").on(t.businessId, t.categoryId, t.transactionDate.desc()),
    index("transactions_business_customer_idx").on(t.businessId, t.customerId),
    index("transactions_business_supplier_idx").on(t.businessId, t.supplierId),
    index("transactions_user_date_idx").on(t.createdByUserId, t.transactionDate.desc()),
    index("transactions_invoice_idx").on(t.invoiceId),
    uniqueIndex("transactions_business_external_id_key")
      .on(t.businessId, t.externalId)
      .where(sql`${t.externalId} is not null`),
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
