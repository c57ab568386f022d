import { sql } from "drizzle-orm";
import {
  bigint,
  char,
  index,
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
import { mpesaPayments } from "./mpesa";
import { transactions } from "./transactions";

export const MPESA_BALANCE_STATUSES = [
  /** Row written; Daraja not asked yet (or the ask failed before an answer). */
  "requested",
  /** Daraja accepted the query: the result arrives at our ResultURL. */
  "sent",
  "received",
  "failed",
] as const;
export const mpesaBalanceStatusEnum = pgEnum("mpesa_balance_status", MPESA_BALANCE_STATUSES);

/** One account of a shortcode's balance, as Daraja listed it; amounts are minor units as decimal strings (JSON). */
export interface TMpesaBalanceAccount {
  account: string;
  currency: string;
  availableMinor: string;
}

/**
 * Account Balance queries for a business's Paybill or Till: scheduled and on demand. The newest received row is
 * what the M-Pesa page shows, with its "as of" time.
 */
export const mpesaBalanceQueries = pgTable(
  "mpesa_balance_queries",
  {
    id: id(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    status: mpesaBalanceStatusEnum().notNull().default("requested"),
    /** Null for the scheduled refresh. */
    requestedByUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    conversationId: varchar({ length: 100 }),
    originatorConversationId: varchar({ length: 100 }),
    accounts: jsonb().$type<TMpesaBalanceAccount[]>(),
    /** When Daraja read the balance (BOCompletedTime), else when its result arrived. */
    asOf: timestamptz(),
    failureReason: text(),
    ...timestamps,
  },
  (t) => [index("mpesa_balance_queries_business_idx").on(t.businessId, t.createdAt.desc())],
);

export const MPESA_REVERSAL_STATUSES = [
  /** Asked for by one member: waits for a different member with payments.reversal.approve. */
  "awaiting_approval",
  "rejected",
  /** Approved; the send job has not reached Daraja yet. */
  "approved",
  /** Handed to Daraja (or being handed): never re-sent automatically. */
  "sending",
  /** Daraja accepted it: waiting for its result. */
  "sent",
  /** A result (or a timeout) came: a Transaction Status query must confirm it before the ledger moves. */
  "confirming",
  /** Confirmed by Daraja and booked in the ledger, exactly once. */
  "reversed",
  "failed",
] as const;
export const mpesaReversalStatusEnum = pgEnum("mpesa_reversal_status", MPESA_REVERSAL_STATUSES);

/** Reversing a payment received by mistake: maker-checker, booked only when Daraja confirms. */
export const mpesaReversals = pgTable(
  "mpesa_reversals",
  {
    id: id(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    mpesaPaymentId: uuid()
      .notNull()
      .references(() => mpesaPayments.id, { onDelete: "cascade" }),
    /** The receipt being reversed (TransactionID). */
    receipt: varchar({ length: 30 }).notNull(),
    amountMinor: bigint({ mode: "bigint" }).notNull(),
    currency: char({ length: 3 }).notNull().default("KES"),
    reason: varchar({ length: 100 }).notNull(),
    status: mpesaReversalStatusEnum().notNull().default("awaiting_approval"),
    requestedByUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    decidedByUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    decidedAt: timestamptz(),
    rejectionReason: text(),
    conversationId: varchar({ length: 100 }),
    originatorConversationId: varchar({ length: 100 }),
    /** What the reversal result claimed, until a Transaction Status query confirms it. */
    claimedResult: varchar({ length: 40 }),
    /** The ConversationID of our latest Transaction Status query: only its result may settle this reversal. */
    statusConversationId: varchar({ length: 100 }),
    reversalReceipt: varchar({ length: 30 }),
    failureReason: text(),
    /** The ledger entry that takes the money back out (set once, when confirmed). */
    transactionId: uuid().references(() => transactions.id, { onDelete: "set null" }),
    completedAt: timestamptz(),
    ...timestamps,
  },
  (t) => [
    // One live reversal per payment: a rejected or failed one may be asked for again.
    uniqueIndex("mpesa_reversals_live_payment_key")
      .on(t.mpesaPaymentId)
      .where(sql`${t.status} not in ('rejected', 'failed')`),
    index("mpesa_reversals_business_created_idx").on(t.businessId, t.createdAt.desc()),
  ],
);
