import { sql } from "drizzle-orm";
import { bigint, char, index, integer, pgTable, text, uniqueIndex, uuid, varchar } from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { businesses } from "./businesses";
import { id, timestamps, timestamptz } from "./columns";
import { reminderChannelEnum } from "./enums";

/** People and companies a business sells to. Archived (never deleted) once anything refers to them. */
export const customers = pgTable(
  "customers",
  {
    id: id(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    name: varchar({ length: 200 }).notNull(),
    email: varchar({ length: 254 }),
    /** E.164. */
    phone: varchar({ length: 20 }),
    /** KRA PIN. */
    taxId: varchar({ length: 20 }),
    /** The account reference customers type as BillRefNumber when paying the Paybill (e.g. "C0042"). */
    accountNumber: varchar({ length: 20 }),
    address: text(),
    city: varchar({ length: 100 }),
    country: char({ length: 2 }).notNull().default("KE"),
    currency: char({ length: 3 }).notNull().default("KES"),
    paymentTermsDays: integer().notNull().default(14),
    /** The language of what the customer receives: invoice emails, reminders, the PDF and the invoice page. */
    language: varchar({ length: 8 }).notNull().default("en"),
    /** How payment reminders reach them (WhatsApp: the owner is given a wa.me link to send). */
    reminderChannel: reminderChannelEnum().notNull().default("email"),
    /** Credit from overpayments, in the business's base currency, usable on later invoices. */
    creditBalanceMinor: bigint({ mode: "bigint" }).notNull().default(sql`0`),
    notes: text(),
    archivedAt: timestamptz(),
    createdByUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    ...timestamps,
  },
  (t) => [
    index("customers_business_name_idx").on(t.businessId, sql`lower(${t.name})`),
    index("customers_business_phone_idx").on(t.businessId, t.phone),
    index("customers_business_email_idx").on(t.businessId, t.email),
    uniqueIndex("customers_business_account_key").on(t.businessId, t.accountNumber),
  ],
);

/** People and companies a business buys from. */
export const suppliers = pgTable(
  "suppliers",
  {
    id: id(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    name: varchar({ length: 200 }).notNull(),
    email: varchar({ length: 254 }),
    phone: varchar({ length: 20 }),
    taxId: varchar({ length: 20 }),
    address: text(),
    city: varchar({ length: 100 }),
    country: char({ length: 2 }).notNull().default("KE"),
    /** How to pay them: an M-Pesa number, Paybill/Till, or bank details, as free text. */
    paymentDetails: text(),
    notes: text(),
    archivedAt: timestamptz(),
    createdByUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    ...timestamps,
  },
  (t) => [
    index("suppliers_business_name_idx").on(t.businessId, sql`lower(${t.name})`),
    index("suppliers_business_phone_idx").on(t.businessId, t.phone),
  ],
);
