import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  char,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  uniqueIndex,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { businesses } from "./businesses";
import { id, timestamps, timestamptz } from "./columns";
import { invoices } from "./invoices";

/** A business's SMS settings: whether it sends SMS at all, and the sender id or short code it registered. */
export const smsSettings = pgTable("sms_settings", {
  businessId: uuid()
    .primaryKey()
    .references(() => businesses.id, { onDelete: "cascade" }),
  enabled: boolean().notNull().default(true),
  /** An alphanumeric sender id (≤ 11) or short code registered with Africa's Talking; null: the default. */
  senderId: varchar({ length: 11 }),
  ...timestamps,
});

export const smsStatusEnum = pgEnum("sms_status", ["queued", "sent", "delivered", "undelivered", "failed"]);

/**
 * The SMS outbox, like `emails`: a row written in the transaction that decides to send, delivered by a job on
 * the `sms` queue; delivery reports move it to delivered/undelivered. Costs are Africa's Talking's, in minor units.
 */
export const smsMessages = pgTable(
  "sms_messages",
  {
    id: id(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    invoiceId: uuid().references(() => invoices.id, { onDelete: "set null" }),
    /** "invoice", "reminder" (an invoice reminder to a customer) or "loan_reminder" (to a borrowing business's owner). */
    purpose: varchar({ length: 30 }).notNull(),
    toNumber: varchar({ length: 20 }).notNull(),
    senderId: varchar({ length: 11 }),
    body: text().notNull(),
    parts: integer().notNull(),
    status: smsStatusEnum().notNull().default("queued"),
    attempts: integer().notNull().default(0),
    providerMessageId: varchar({ length: 100 }),
    providerStatusCode: integer(),
    costMinor: bigint({ mode: "bigint" }),
    costCurrency: char({ length: 3 }),
    /** The latest delivery report's status and reason (Success, Failed/AbsentSubscriber, …). */
    deliveryStatus: varchar({ length: 30 }),
    failureReason: varchar({ length: 100 }),
    lastError: text(),
    sentAt: timestamptz(),
    deliveredAt: timestamptz(),
    createdByUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    ...timestamps,
  },
  (t) => [
    index("sms_messages_business_idx").on(t.businessId, t.createdAt),
    index("sms_messages_status_idx").on(t.status, t.createdAt),
    uniqueIndex("sms_messages_provider_id_key")
      .on(t.providerMessageId)
      .where(sql`${t.providerMessageId} is not null`),
  ],
);

/** Every delivery report as received (they repeat and arrive out of order); the message keeps the latest final one. */
export const smsDeliveryReports = pgTable(
  "sms_delivery_reports",
  {
    id: id(),
    smsMessageId: uuid().references(() => smsMessages.id, { onDelete: "cascade" }),
    providerMessageId: varchar({ length: 100 }).notNull(),
    status: varchar({ length: 30 }).notNull(),
    phoneNumber: varchar({ length: 30 }).notNull(),
    networkCode: varchar({ length: 10 }),
    failureReason: varchar({ length: 100 }),
    payload: jsonb().$type<Record<string, string>>().notNull(),
    receivedAt: timestamptz().notNull().defaultNow(),
  },
  (t) => [index("sms_delivery_reports_message_idx").on(t.providerMessageId)],
);
