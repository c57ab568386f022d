/** The ledger's vocabulary, shared by the API, the worker and the client (the database enums mirror it). */

import type { Language } from "../schemas/auth";

export const TRANSACTION_TYPES = ["income", "expense", "transfer"] as const;
export type TransactionType = (typeof TRANSACTION_TYPES)[number];

export const TRANSACTION_STATUSES = ["pending", "completed", "void"] as const;
export type TransactionStatus = (typeof TRANSACTION_STATUSES)[number];

export const PAYMENT_METHODS = ["mpesa", "cash", "bank", "card", "cheque", "other"] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** Where a transaction came from. Rows from invoices, M-Pesa and payouts are owned by those flows. */
export const TRANSACTION_SOURCES = ["manual", "import", "mpesa", "invoice_payment", "payout"] as const;
export type TransactionSource = (typeof TRANSACTION_SOURCES)[number];

export const CATEGORY_KINDS = ["income", "expense"] as const;
export type CategoryKind = (typeof CATEGORY_KINDS)[number];

export const TRANSACTION_TYPE_LABELS: Record<TransactionType, string> = {
  income: "Money in",
  expense: "Money out",
  transfer: "Transfer",
};

export const TRANSACTION_STATUS_LABELS: Record<TransactionStatus, string> = {
  pending: "Pending",
  completed: "Completed",
  void: "Void",
};

/** How a payment method is written for a reader, in each language (exports, invoice PDFs). */
export const PAYMENT_METHOD_WORDS: Record<Language, Record<PaymentMethod, string>> = {
  en: { mpesa: "M-Pesa", cash: "Cash", bank: "Bank", card: "Card", cheque: "Cheque", other: "Other" },
  sw: { mpesa: "M-Pesa", cash: "Taslimu", bank: "Benki", card: "Kadi", cheque: "Hundi", other: "Nyingine" },
};

export const PAYMENT_METHOD_LABELS: Record<PaymentMethod, string> = PAYMENT_METHOD_WORDS.en;

export const TRANSACTION_SOURCE_LABELS: Record<TransactionSource, string> = {
  manual: "Entered by hand",
  import: "CSV import",
  mpesa: "M-Pesa",
  invoice_payment: "Invoice payment",
  payout: "M-Pesa payout",
};

/**
 * Sources whose money facts (amount, date, type, status, links) belong to another flow: an invoice payment
 * is changed from its invoice, an M-Pesa receipt is what Safaricom says it is. People may still recategorise
 * and describe them.
 */
export const SYSTEM_SOURCES: readonly TransactionSource[] = ["invoice_payment", "mpesa", "payout"];

export function isSystemSource(source: TransactionSource): boolean {
  return SYSTEM_SOURCES.includes(source);
}

/** The category kind a transaction type books into (transfers are not income or spending). */
export function categoryKindFor(type: TransactionType): CategoryKind | null {
  return type === "transfer" ? null : type;
}
