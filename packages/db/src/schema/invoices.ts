import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  char,
  date,
  index,
  integer,
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
import { id, timestamps, timestamptz } from "./columns";
import { customers } from "./contacts";
import {
  invoiceStatusEnum,
  paymentMethodEnum,
  recurrenceEnum,
  reminderChannelEnum,
  taxTreatmentEnum,
} from "./enums";
import { transactions } from "./transactions";

/** A business's invoicing preferences and its gapless number sequences (locked row per business). */
export const invoiceSettings = pgTable("invoice_settings", {
  businessId: uuid()
    .primaryKey()
    .references(() => businesses.id, { onDelete: "cascade" }),
  /** "INV" gives INV-2026-0001. */
  prefix: varchar({ length: 12 }).notNull().default("INV"),
  includeYear: boolean().notNull().default(true),
  padding: integer().notNull().default(4),
  /** Next number per year is kept in invoice_sequences; this is the credit-note prefix. */
  creditNotePrefix: varchar({ length: 12 }).notNull().default("CN"),
  defaultPaymentTermsDays: integer().notNull().default(14),
  defaultTaxRateBps: integer().notNull().default(1600),
  pricesIncludeTax: boolean().notNull().default(false),
  defaultNotes: text(),
  defaultTerms: text(),
  /** Bank or other payment instructions printed on invoices (beside M-Pesa when it is set up). */
  paymentInstructions: text(),
  /** Reminder offsets in days relative to the due date (negative: before). */
  reminderOffsetsDays: jsonb().$type<number[]>().notNull().default(sql`'[-3, 0, 7]'::jsonb`),
  remindersEnabled: boolean().notNull().default(true),
  /** Opening cash balance for the cash-flow running balance. */
  openingBalanceMinor: bigint({ mode: "bigint" }).notNull().default(sql`0`),
  openingBalanceDate: date({ mode: "string" }),
  ...timestamps,
});

/** Gapless counters: incremented inside the transaction that issues the document, so a rollback leaves no hole. */
export const documentSequences = pgTable(
  "document_sequences",
  {
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    /** "invoice" or "credit_note". */
    kind: varchar({ length: 20 }).notNull(),
    /** The year the numbers belong to (0 when numbering does not restart yearly). */
    year: integer().notNull(),
    lastValue: integer().notNull().default(0),
  },
  (t) => [uniqueIndex("document_sequences_key").on(t.businessId, t.kind, t.year)],
);

export const recurringInvoices = pgTable(
  "recurring_invoices",
  {
    id: id(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    customerId: uuid()
      .notNull()
      .references(() => customers.id, { onDelete: "restrict" }),
    frequency: recurrenceEnum().notNull(),
    /** The invoice copied each time (its lines, notes, terms). */
    templateInvoiceId: uuid().notNull(),
    /** Runs fall on start + n periods, so month ends never drift (Jan 31 → Feb 28 → Mar 31). */
    startDate: date({ mode: "string" }).notNull(),
    nextRunDate: date({ mode: "string" }).notNull(),
    endDate: date({ mode: "string" }),
    autoSend: boolean().notNull().default(false),
    active: boolean().notNull().default(true),
    lastRunAt: timestamptz(),
    runCount: integer().notNull().default(0),
    createdByUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    ...timestamps,
  },
  (t) => [index("recurring_invoices_due_idx").on(t.active, t.nextRunDate)],
);

/**
 * An invoice. Totals are computed on the server from the lines (tax per line, summed) and stored, in minor
 * units of the invoice currency.
 */
export const invoices = pgTable(
  "invoices",
  {
    id: id(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    customerId: uuid()
      .notNull()
      .references(() => customers.id, { onDelete: "restrict" }),
    createdByUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    /**
     * Assigned from the gapless sequence when the invoice is issued (sent or marked sent), in the issuing
     * transaction. Drafts have none, so deleting a draft can never leave a hole in the numbering.
     */
    invoiceNumber: varchar({ length: 50 }),
    status: invoiceStatusEnum().notNull().default("draft"),
    issueDate: date({ mode: "string" }).notNull(),
    dueDate: date({ mode: "string" }).notNull(),
    paymentTermsDays: integer().notNull().default(14),
    currency: char({ length: 3 }).notNull(),
    exchangeRate: numeric({ precision: 20, scale: 10 }).notNull().default("1"),
    pricesIncludeTax: boolean().notNull().default(false),
    subtotalMinor: bigint({ mode: "bigint" }).notNull().default(sql`0`),
    discountMinor: bigint({ mode: "bigint" }).notNull().default(sql`0`),
    taxMinor: bigint({ mode: "bigint" }).notNull().default(sql`0`),
    totalMinor: bigint({ mode: "bigint" }).notNull().default(sql`0`),
    amountPaidMinor: bigint({ mode: "bigint" }).notNull().default(sql`0`),
    creditedMinor: bigint({ mode: "bigint" }).notNull().default(sql`0`),
    notes: text(),
    terms: text(),
    /** The capability in the customer's link (/i/<token>): unguessable, revocable by regenerating. */
    publicToken: varchar({ length: 64 }).notNull(),
    sentAt: timestamptz(),
    paidAt: timestamptz(),
    voidedAt: timestamptz(),
    voidReason: text(),
    /** Last time it went to the customer by email (first send, resend or reminder). */
    lastEmailedAt: timestamptz(),
    lastReminderAt: timestamptz(),
    recurringInvoiceId: uuid().references(() => recurringInvoices.id, { onDelete: "set null" }),
    /** The schedule's run this invoice was made for: one invoice per run, however often the job fires. */
    recurringRunDate: date({ mode: "string" }),
    duplicatedFromId: uuid(),
    /** The buyer's KRA PIN (eTIMS `custTin`, VAT3 "PIN of Purchaser"): the customer's, unless changed on the invoice. */
    buyerPin: varchar({ length: 11 }),
    /**
     * eTIMS control-unit fields, empty until the business connects its eTIMS device or OSCU and the invoice is
     * signed: the CU id (`sdcId`), the CU invoice number (`sdcId/curRcptNo`), the receipt signature, the
     * internal data, and the CU's date-time. The QR code is derived from the PIN, branch and signature.
     */
    etimsCuSerial: varchar({ length: 40 }),
    etimsCuInvoiceNumber: varchar({ length: 60 }),
    etimsSignature: varchar({ length: 100 }),
    etimsInternalData: varchar({ length: 200 }),
    etimsSignedAt: timestamptz(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("invoices_business_number_key").on(t.businessId, t.invoiceNumber),
    uniqueIndex("invoices_public_token_key").on(t.publicToken),
    index("invoices_business_status_idx").on(t.businessId, t.status),
    index("invoices_business_customer_idx").on(t.businessId, t.customerId),
    index("invoices_business_issue_idx").on(t.businessId, t.issueDate.desc()),
    index("invoices_business_created_idx").on(t.businessId, t.createdAt.desc(), t.id.desc()),
    uniqueIndex("invoices_recurring_run_key")
      .on(t.recurringInvoiceId, t.recurringRunDate)
      .where(sql`${t.recurringRunDate} is not null`),
    index("invoices_open_due_idx")
      .on(t.businessId, t.dueDate)
      .where(sql`${t.status} in ('sent', 'partially_paid', 'overdue')`),
  ],
);

export const invoiceItems = pgTable(
  "invoice_items",
  {
    id: id(),
    invoiceId: uuid()
      .notNull()
      .references(() => invoices.id, { onDelete: "cascade" }),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    position: integer().notNull(),
    description: varchar({ length: 500 }).notNull(),
    /** Thousandths: 1.5 kg is 1500. */
    quantityMilli: bigint({ mode: "bigint" }).notNull(),
    unitPriceMinor: bigint({ mode: "bigint" }).notNull(),
    /** Line discount in minor units (applied before tax). */
    discountMinor: bigint({ mode: "bigint" }).notNull().default(sql`0`),
    taxTreatment: taxTreatmentEnum().notNull().default("standard"),
    /** Basis points: 1600 is 16 %. */
    taxRateBps: integer().notNull().default(1600),
    /** eTIMS item classification (`itemClsCd`, 10 digits). The KRA tax type is derived from treatment and rate. */
    itemClassificationCode: varchar({ length: 10 }),
    netMinor: bigint({ mode: "bigint" }).notNull(),
    taxMinor: bigint({ mode: "bigint" }).notNull(),
    totalMinor: bigint({ mode: "bigint" }).notNull(),
  },
  (t) => [index("invoice_items_invoice_idx").on(t.invoiceId, t.position)],
);

/** Money received against an invoice. Each creates (and links) the matching income transaction. */
export const invoicePayments = pgTable(
  "invoice_payments",
  {
    id: id(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    invoiceId: uuid()
      .notNull()
      .references(() => invoices.id, { onDelete: "cascade" }),
    /** The whole amount received, including any excess that became customer credit. */
    amountMinor: bigint({ mode: "bigint" }).notNull(),
    /** The part applied to this invoice. */
    appliedMinor: bigint({ mode: "bigint" }).notNull(),
    /** The excess, credited to the customer. */
    creditedToCustomerMinor: bigint({ mode: "bigint" }).notNull().default(sql`0`),
    currency: char({ length: 3 }).notNull(),
    method: paymentMethodEnum().notNull(),
    reference: varchar({ length: 100 }),
    paidAt: timestamptz().notNull(),
    transactionId: uuid().references(() => transactions.id, { onDelete: "set null" }),
    /** "manual", "mpesa_stk", "mpesa_c2b", "customer_credit". */
    source: varchar({ length: 30 }).notNull().default("manual"),
    payerName: varchar({ length: 200 }),
    /** E.164. */
    payerPhone: varchar({ length: 20 }),
    notes: text(),
    createdByUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamptz().notNull().defaultNow(),
  },
  (t) => [
    index("invoice_payments_invoice_idx").on(t.invoiceId),
    uniqueIndex("invoice_payments_business_reference_key")
      .on(t.businessId, t.method, t.reference)
      .where(sql`${t.reference} is not null and ${t.method} = 'mpesa'`),
  ],
);

export const creditNotes = pgTable(
  "credit_notes",
  {
    id: id(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    invoiceId: uuid()
      .notNull()
      .references(() => invoices.id, { onDelete: "cascade" }),
    creditNoteNumber: varchar({ length: 50 }).notNull(),
    amountMinor: bigint({ mode: "bigint" }).notNull(),
    taxMinor: bigint({ mode: "bigint" }).notNull().default(sql`0`),
    currency: char({ length: 3 }).notNull(),
    reason: text().notNull(),
    /** Refunded to the customer's credit balance, or to be refunded in cash/M-Pesa. */
    disposition: varchar({ length: 20 }).notNull().default("customer_credit"),
    /**
     * The part that exceeded what the customer still owed: it went to their credit balance, or is due back
     * to them (disposition "refund"). The rest of the amount reduced the invoice balance.
     */
    returnedMinor: bigint({ mode: "bigint" }).notNull().default(sql`0`),
    issuedAt: timestamptz().notNull().defaultNow(),
    createdByUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("credit_notes_business_number_key").on(t.businessId, t.creditNoteNumber),
    index("credit_notes_invoice_idx").on(t.invoiceId),
  ],
);

/** Every change to a customer's credit balance, so the balance can always be explained. */
export const customerCreditEntries = pgTable(
  "customer_credit_entries",
  {
    id: id(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    customerId: uuid()
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    /** Positive adds credit, negative uses it. */
    amountMinor: bigint({ mode: "bigint" }).notNull(),
    reason: varchar({ length: 50 }).notNull(),
    invoiceId: uuid().references(() => invoices.id, { onDelete: "set null" }),
    invoicePaymentId: uuid().references(() => invoicePayments.id, { onDelete: "set null" }),
    creditNoteId: uuid().references(() => creditNotes.id, { onDelete: "set null" }),
    createdAt: timestamptz().notNull().defaultNow(),
  },
  (t) => [index("customer_credit_entries_customer_idx").on(t.customerId, t.createdAt)],
);

/** Reminders sent, one per offset per invoice: the unique key is what makes the reminder job idempotent. */
export const invoiceReminders = pgTable(
  "invoice_reminders",
  {
    id: id(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    invoiceId: uuid()
      .notNull()
      .references(() => invoices.id, { onDelete: "cascade" }),
    /** Days from the due date (negative: before it). */
    offsetDays: integer().notNull(),
    /** The customer's channel when it went out. */
    channel: reminderChannelEnum().notNull().default("email"),
    emailId: uuid(),
    smsMessageId: uuid(),
    sentAt: timestamptz().notNull().defaultNow(),
  },
  (t) => [uniqueIndex("invoice_reminders_invoice_offset_key").on(t.invoiceId, t.offsetDays)],
);
