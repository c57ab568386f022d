import { LOAN_TRANSFER_KINDS, LOAN_TRANSFER_STATUSES } from "@kavi/domain";
import { sql } from "drizzle-orm";
import {
  bigint,
  char,
  index,
  integer,
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
import { loanRepayments, loans } from "./lending";
import { callbackInboxColumns } from "./mpesa";
import { transactions } from "./transactions";

export const loanTransferKindEnum = pgEnum("loan_transfer_kind", LOAN_TRANSFER_KINDS);
export const loanTransferStatusEnum = pgEnum("loan_transfer_status", LOAN_TRANSFER_STATUSES);

/**
 * The lender's callback inbox: what Daraja posts about the platform's own shortcodes (disbursements, STK and
 * Paybill repayments), stored before it is acknowledged and processed once (`processedAt` in the same
 * transaction as the effects). Apart from businesses' inbox: the lender is no business, and a Paybill payment
 * naming no loan belongs to nobody yet. Same columns and the same mechanism (services/mpesa/callback-inbox.ts).
 */
export const lendingCallbacks = pgTable(
  "lending_callbacks",
  {
    id: id(),
    ...callbackInboxColumns(),
  },
  (t) => [
    uniqueIndex("lending_callbacks_dedupe_key").on(t.kind, t.dedupeKey),
    index("lending_callbacks_unprocessed_idx").on(t.receivedAt).where(sql`${t.processedAt} is null`),
  ],
);

/**
 * One movement of loan money over M-Pesa: the disbursement (B2C from the lender's shortcode), a repayment
 * prompt (STK to the lender's Paybill, the loan number as account) or a Paybill payment. Nothing is applied
 * before Daraja confirms it (Transaction Status, or STK Query); `receipt` is unique per kind, so a receipt is
 * applied once however often it is reported.
 */
export const loanTransfers = pgTable(
  "loan_transfers",
  {
    id: id(),
    /** Null for a Paybill payment whose account names no loan (kept for the desk). */
    loanId: uuid().references(() => loans.id, { onDelete: "cascade" }),
    businessId: uuid().references(() => businesses.id, { onDelete: "cascade" }),
    kind: loanTransferKindEnum().notNull(),
    status: loanTransferStatusEnum().notNull(),
    amountMinor: bigint({ mode: "bigint" }).notNull(),
    currency: char({ length: 3 }).notNull().default("KES"),
    /** E.164: who receives the disbursement or is prompted; masked for a Paybill payer. */
    phone: varchar({ length: 20 }),
    /** The account the payer named (the loan number, as typed for Paybill). */
    accountReference: varchar({ length: 100 }),
    /** Ours, sent with a B2C request: the status query asks by it. */
    originatorConversationId: varchar({ length: 100 }),
    conversationId: varchar({ length: 100 }),
    checkoutRequestId: varchar({ length: 100 }),
    /** The ConversationID of our latest Transaction Status query: only its answer is believed. */
    statusConversationId: varchar({ length: 100 }),
    statusQueries: integer().notNull().default(0),
    /** What a callback claimed before confirmation ("paid" or a result code) and the receipt it named. */
    claimedResult: varchar({ length: 40 }),
    claimedReceipt: varchar({ length: 40 }),
    receipt: varchar({ length: 40 }),
    payerName: varchar({ length: 200 }),
    failureReason: text(),
    requestedByUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    repaymentId: uuid().references(() => loanRepayments.id, { onDelete: "set null" }),
    /** The business's ledger entry (loan proceeds, or the principal part of a repayment). */
    transactionId: uuid().references(() => transactions.id, { onDelete: "set null" }),
    completedAt: timestamptz(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("loan_transfers_kind_receipt_key").on(t.kind, t.receipt).where(sql`${t.receipt} is not null`),
    uniqueIndex("loan_transfers_originator_key")
      .on(t.originatorConversationId)
      .where(sql`${t.originatorConversationId} is not null`),
    uniqueIndex("loan_transfers_checkout_key")
      .on(t.checkoutRequestId)
      .where(sql`${t.checkoutRequestId} is not null`),
    /** One disbursement in flight or done per loan: a second press finds the first. */
    uniqueIndex("loan_transfers_one_disbursement_key")
      .on(t.loanId)
      .where(sql`${t.kind} = 'disbursement' and ${t.status} <> 'failed'`),
    index("loan_transfers_loan_idx").on(t.loanId, t.createdAt.desc()),
    index("loan_transfers_status_idx").on(t.status, t.updatedAt),
  ],
);
