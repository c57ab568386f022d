import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
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
import { customers, suppliers } from "./contacts";
import { invoices } from "./invoices";
import { transactions } from "./transactions";

export const MPESA_ACCOUNT_TYPES = ["paybill", "till"] as const;
export const MPESA_ENVIRONMENTS = ["sandbox", "production"] as const;
export const MPESA_C2B_VALIDATION_RULES = ["accept_all", "known_references"] as const;
export const MPESA_CALLBACK_KINDS = [
  "stk",
  "c2b_validation",
  "c2b_confirmation",
  "b2c_result",
  "b2c_timeout",
  "status_result",
  "status_timeout",
  "balance_result",
  "balance_timeout",
  "reversal_result",
  "reversal_timeout",
] as const;
export const MPESA_REQUEST_STATUSES = [
  /** Row written, push not answered yet. */
  "requested",
  /** Daraja accepted the push: waiting for the callback (or a query). */
  "pending",
  /** The push may or may not have reached Daraja (timeout): only a callback can settle it. */
  "unknown",
  /** A callback says it ended; an STK query must confirm it before anything is applied ("received, confirming"). */
  "confirming",
  "paid",
  "failed",
  "cancelled",
] as const;
/** `confirming`: received, waiting for Daraja's Transaction Status to confirm it before it is applied. */
export const MPESA_PAYMENT_STATUSES = [
  "confirming",
  "applied",
  "unreconciled",
  "booked",
  /** Sent back to the payer by an M-Pesa reversal that Daraja confirmed (mpesa_reversals). */
  "reversed",
] as const;
export const MPESA_PAYOUT_STATUSES = [
  "awaiting_approval",
  "rejected",
  /** Approved; the send job has not reached Daraja yet. */
  "approved",
  /** Handed to Daraja (or being handed): never re-sent automatically. */
  "sending",
  /** Daraja accepted it: waiting for the result. */
  "sent",
  /** Sent, but the outcome is unknown (queue timeout, lost reply): settled by a transaction status query. */
  "unknown",
  /** A result callback came; a transaction status query must confirm it before the payout is final. */
  "confirming",
  "paid",
  "failed",
] as const;

/** The secrets of mpesa_settings, each encrypted with associated data naming its business and field. */
export type MpesaSecretField =
  | "consumerKey"
  | "consumerSecret"
  | "passkey"
  | "initiatorCredential"
  | "callbackToken";

/** Binds a ciphertext to its row and column: one copied elsewhere does not decrypt. */
export function mpesaSecretAssociatedData(businessId: string, field: MpesaSecretField): string {
  return `mpesa:${businessId}:${field}`;
}

export const mpesaAccountTypeEnum = pgEnum("mpesa_account_type", MPESA_ACCOUNT_TYPES);
export const mpesaEnvironmentEnum = pgEnum("mpesa_environment", MPESA_ENVIRONMENTS);
export const mpesaC2bValidationEnum = pgEnum("mpesa_c2b_validation", MPESA_C2B_VALIDATION_RULES);
export const mpesaCallbackKindEnum = pgEnum("mpesa_callback_kind", MPESA_CALLBACK_KINDS);
export const mpesaRequestStatusEnum = pgEnum("mpesa_request_status", MPESA_REQUEST_STATUSES);
export const mpesaPaymentStatusEnum = pgEnum("mpesa_payment_status", MPESA_PAYMENT_STATUSES);
export const mpesaPayoutStatusEnum = pgEnum("mpesa_payout_status", MPESA_PAYOUT_STATUSES);

/**
 * A business's M-Pesa (Daraja) set-up. Secrets are AES-256-GCM ciphertexts bound to the business (associated
 * data), made with the keyring's current key; only a short hint of each is ever shown.
 */
export const mpesaSettings = pgTable(
  "mpesa_settings",
  {
    businessId: uuid()
      .primaryKey()
      .references(() => businesses.id, { onDelete: "cascade" }),
    accountType: mpesaAccountTypeEnum().notNull().default("paybill"),
    /** The Paybill number, or the Till number customers pay. */
    shortcode: varchar({ length: 20 }).notNull(),
    /** A Till's store number: STK pushes go to it as BusinessShortCode. */
    storeNumber: varchar({ length: 20 }),
    environment: mpesaEnvironmentEnum().notNull().default("sandbox"),
    consumerKeyCiphertext: text().notNull(),
    consumerSecretCiphertext: text().notNull(),
    passkeyCiphertext: text().notNull(),
    /** "…ab12" hints so people can tell which credentials are saved. */
    consumerKeyHint: varchar({ length: 8 }).notNull(),
    consumerSecretHint: varchar({ length: 8 }).notNull(),
    passkeyHint: varchar({ length: 8 }).notNull(),
    /** Payouts (B2C): the API initiator, its SecurityCredential or password, and the paying shortcode. */
    initiatorName: varchar({ length: 100 }),
    initiatorCredentialCiphertext: text(),
    /** "security_credential" (already RSA-encrypted by the Daraja portal) or "password" (encrypted here). */
    initiatorCredentialKind: varchar({ length: 30 }),
    initiatorCredentialHint: varchar({ length: 8 }),
    b2cShortcode: varchar({ length: 20 }),
    c2bValidation: mpesaC2bValidationEnum().notNull().default("accept_all"),
    /** The capability in every callback URL; stored hashed for lookup and encrypted to build URLs. */
    callbackTokenHash: char({ length: 64 }).notNull(),
    callbackTokenCiphertext: text().notNull(),
    callbackTokenRotatedAt: timestamptz().notNull().defaultNow(),
    c2bRegisteredAt: timestamptz(),
    c2bRegisteredConfirmationUrl: text(),
    lastTestedAt: timestamptz(),
    lastTestOk: boolean(),
    lastTestMessage: text(),
    updatedByUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    ...timestamps,
  },
  (t) => [uniqueIndex("mpesa_settings_callback_token_key").on(t.callbackTokenHash)],
);

/**
 * What every Daraja callback inbox keeps of a callback (the businesses' below, the lender's in lending-mpesa.ts);
 * one mechanism stores, claims and sweeps both (packages/api/src/services/mpesa/callback-inbox.ts).
 */
export function callbackInboxColumns() {
  return {
    kind: mpesaCallbackKindEnum().notNull(),
    dedupeKey: varchar({ length: 120 }).notNull(),
    /** The id our callback URL carried (payment request, payout or loan transfer), when it had one. */
    subjectId: uuid(),
    /** Exactly the bytes Daraja sent. */
    rawBody: text().notNull(),
    sourceIp: varchar({ length: 64 }),
    /** Whether the source address is on MPESA_CALLBACK_ALLOWED_IPS; null when no list is configured. */
    sourceAllowed: boolean(),
    receivedAt: timestamptz().notNull().defaultNow(),
    processedAt: timestamptz(),
    /** What processing concluded ("paid", "duplicate-of-settled", "unmatched", …). */
    outcome: varchar({ length: 60 }),
    attempts: integer().notNull().default(0),
    lastError: text(),
  };
}

/**
 * The businesses' callback inbox: every body Daraja POSTs, stored before it is acknowledged, deduplicated per kind
 * (a C2B validation and its confirmation share a TransID; a payout's timeout and result share a ConversationID).
 * Processing marks `processedAt` in the same transaction as its effects.
 */
export const mpesaCallbacks = pgTable(
  "mpesa_callbacks",
  {
    id: id(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    ...callbackInboxColumns(),
  },
  (t) => [
    uniqueIndex("mpesa_callbacks_dedupe_key").on(t.businessId, t.kind, t.dedupeKey),
    index("mpesa_callbacks_unprocessed_idx").on(t.receivedAt).where(sql`${t.processedAt} is null`),
    /** A payment request's (or payout's) callbacks: confirmation reads back what they claimed. */
    index("mpesa_callbacks_subject_idx").on(t.subjectId).where(sql`${t.subjectId} is not null`),
  ],
);

/** An STK push ("Lipa na M-Pesa") asking a customer's phone to pay, and how it ended. */
export const mpesaPaymentRequests = pgTable(
  "mpesa_payment_requests",
  {
    id: id(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    invoiceId: uuid().references(() => invoices.id, { onDelete: "set null" }),
    customerId: uuid().references(() => customers.id, { onDelete: "set null" }),
    /** 2547XXXXXXXX. */
    phone: varchar({ length: 12 }).notNull(),
    amountMinor: bigint({ mode: "bigint" }).notNull(),
    currency: char({ length: 3 }).notNull().default("KES"),
    accountReference: varchar({ length: 12 }).notNull(),
    description: varchar({ length: 13 }).notNull(),
    status: mpesaRequestStatusEnum().notNull().default("requested"),
    /** "dashboard" (a member asked) or "public_page" (the customer pressed Pay). */
    origin: varchar({ length: 20 }).notNull().default("dashboard"),
    checkoutRequestId: varchar({ length: 100 }),
    merchantRequestId: varchar({ length: 100 }),
    resultCode: integer(),
    resultDesc: text(),
    /** What to tell a person: "The customer cancelled the payment." */
    failureReason: text(),
    receipt: varchar({ length: 30 }),
    paidAmountMinor: bigint({ mode: "bigint" }),
    paidAt: timestamptz(),
    /** "callback", "query" or "sweep". */
    settledBy: varchar({ length: 20 }),
    settledAt: timestamptz(),
    queryAttempts: integer().notNull().default(0),
    lastQueriedAt: timestamptz(),
    requestedByUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("mpesa_payment_requests_checkout_key")
      .on(t.businessId, t.checkoutRequestId)
      .where(sql`${t.checkoutRequestId} is not null`),
    uniqueIndex("mpesa_payment_requests_receipt_key")
      .on(t.businessId, t.receipt)
      .where(sql`${t.receipt} is not null`),
    index("mpesa_payment_requests_business_created_idx").on(t.businessId, t.createdAt.desc(), t.id.desc()),
    index("mpesa_payment_requests_invoice_idx").on(t.invoiceId),
    index("mpesa_payment_requests_open_idx")
      .on(t.createdAt)
      .where(sql`${t.status} in ('requested', 'pending', 'unknown')`),
  ],
);

/**
 * Money received by M-Pesa, one row per receipt: an STK push that was paid, or a Paybill/Till (C2B) payment.
 * `unreconciled` rows are the Unreconciled M-Pesa inbox.
 */
export const mpesaPayments = pgTable(
  "mpesa_payments",
  {
    id: id(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    /** "stk" or "c2b". */
    source: varchar({ length: 10 }).notNull(),
    /** The M-Pesa receipt (TransID); null only while an STK payment settled by query awaits its callback. */
    receipt: varchar({ length: 30 }),
    paymentRequestId: uuid().references(() => mpesaPaymentRequests.id, { onDelete: "set null" }),
    amountMinor: bigint({ mode: "bigint" }).notNull(),
    currency: char({ length: 3 }).notNull().default("KES"),
    paidAt: timestamptz().notNull(),
    /** What the customer typed as the account (C2B), or our AccountReference (STK). */
    billRefNumber: varchar({ length: 100 }),
    /** As Daraja sent it: plain, masked or a SHA-256 hash. */
    msisdn: varchar({ length: 100 }),
    phone: varchar({ length: 12 }),
    payerName: varchar({ length: 200 }),
    shortcode: varchar({ length: 20 }),
    status: mpesaPaymentStatusEnum().notNull(),
    /** "invoice_reference", "account_number", "payment_request", "manual_invoice", "manual_income". */
    matchedBy: varchar({ length: 30 }),
    invoiceId: uuid().references(() => invoices.id, { onDelete: "set null" }),
    customerId: uuid().references(() => customers.id, { onDelete: "set null" }),
    transactionId: uuid().references(() => transactions.id, { onDelete: "set null" }),
    /** Why it is in the inbox, in plain words. */
    unreconciledReason: text(),
    /** The ConversationID of our Transaction Status query: only its result may confirm this payment. */
    confirmationConversationId: varchar({ length: 100 }),
    confirmationAttempts: integer().notNull().default(0),
    confirmedAt: timestamptz(),
    resolvedByUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    resolvedAt: timestamptz(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("mpesa_payments_receipt_key")
      .on(t.businessId, t.receipt)
      .where(sql`${t.receipt} is not null`),
    uniqueIndex("mpesa_payments_request_key")
      .on(t.paymentRequestId)
      .where(sql`${t.paymentRequestId} is not null`),
    index("mpesa_payments_business_paid_idx").on(t.businessId, t.paidAt.desc(), t.id.desc()),
    index("mpesa_payments_unreconciled_idx")
      .on(t.businessId, t.createdAt.desc())
      .where(sql`${t.status} = 'unreconciled'`),
  ],
);

/** Money sent by M-Pesa B2C: a supplier paid or a customer refunded, requested by one person, approved by an owner. */
export const mpesaPayouts = pgTable(
  "mpesa_payouts",
  {
    id: id(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    /** "supplier_payment" or "customer_refund". */
    purpose: varchar({ length: 20 }).notNull(),
    supplierId: uuid().references(() => suppliers.id, { onDelete: "set null" }),
    customerId: uuid().references(() => customers.id, { onDelete: "set null" }),
    /** 2547XXXXXXXX. */
    phone: varchar({ length: 12 }).notNull(),
    amountMinor: bigint({ mode: "bigint" }).notNull(),
    currency: char({ length: 3 }).notNull().default("KES"),
    remarks: varchar({ length: 100 }).notNull(),
    status: mpesaPayoutStatusEnum().notNull().default("awaiting_approval"),
    requestedByUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    decidedByUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    decidedAt: timestamptz(),
    rejectionReason: text(),
    /** Our idempotency reference, sent as OriginatorConversationID. */
    originatorConversationId: varchar({ length: 100 }).notNull(),
    conversationId: varchar({ length: 100 }),
    receipt: varchar({ length: 30 }),
    resultCode: varchar({ length: 30 }),
    resultDesc: text(),
    failureReason: text(),
    receiverName: varchar({ length: 200 }),
    sentAt: timestamptz(),
    completedAt: timestamptz(),
    statusQueries: integer().notNull().default(0),
    /** The ConversationID of our latest Transaction Status query: only its result may settle this payout. */
    statusConversationId: varchar({ length: 100 }),
    /** What the B2C result callback claimed ("paid" or its ResultCode) until a status query confirms it. */
    claimedResult: varchar({ length: 40 }),
    transactionId: uuid().references(() => transactions.id, { onDelete: "set null" }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("mpesa_payouts_originator_key").on(t.originatorConversationId),
    uniqueIndex("mpesa_payouts_conversation_key")
      .on(t.businessId, t.conversationId)
      .where(sql`${t.conversationId} is not null`),
    index("mpesa_payouts_business_created_idx").on(t.businessId, t.createdAt.desc(), t.id.desc()),
    index("mpesa_payouts_open_idx")
      .on(t.updatedAt)
      .where(sql`${t.status} in ('approved', 'sending', 'sent', 'unknown')`),
  ],
);
