import { customers, type DbOrTx, invoiceBalanceDue, invoiceIsOpen, invoices } from "@kavi/db";
import { balanceDueMinor } from "@kavi/domain";
import { and, asc, eq, sql } from "drizzle-orm";
import { AppError } from "../../errors";
import type { Actor } from "../activity";
import { changeCustomerCredit } from "../invoices/customer-credit";
import {
  type ApplyInvoicePaymentInput,
  applyInvoicePayment,
  applyInvoicePayments,
  findOpenInvoiceByReference,
  lockInvoicesForPayment,
} from "../invoices/payments";
import { recordTransaction } from "../transactions/record";
import type { AfterCommit } from "../unit-of-work";

/**
 * Where M-Pesa money meets the books. Everything here belongs to the invoices and ledger domains
 * (`applyInvoicePayment`, `findOpenInvoiceByReference`, `recordTransaction`); this file is the only place the
 * M-Pesa services call them, so the money core can evolve without touching the webhook or worker paths.
 *
 * Money applied to invoices goes through the invoices domain's applyInvoicePayment (idempotent per receipt,
 * excess to customer credit, income booked through the ledger); plain income and payouts through the ledger's
 * recordTransaction. A refusal (void invoice, other currency, …) is an AppError: the caller keeps the money in
 * the Unreconciled inbox.
 */
export interface OpenInvoice {
  id: string;
  invoiceNumber: string | null;
  customerId: string;
  currency: string;
  balanceMinor: bigint;
}

const openInvoiceColumns = {
  id: invoices.id,
  invoiceNumber: invoices.invoiceNumber,
  customerId: invoices.customerId,
  currency: invoices.currency,
  balanceMinor: invoiceBalanceDue(),
};

/**
 * An open invoice named by what a customer typed (BillRefNumber) or our AccountReference: the invoices domain's
 * findOpenInvoiceByReference (case, spaces, dashes, O/0, I/1, a missing prefix; nothing when ambiguous).
 */
export async function findInvoiceForReference(
  tx: DbOrTx,
  businessId: string,
  reference: string,
): Promise<OpenInvoice | null> {
  if (reference.trim() === "") return null;
  const invoice = await findOpenInvoiceByReference(tx, businessId, reference);
  if (!invoice) return null;
  return {
    id: invoice.id,
    invoiceNumber: invoice.invoiceNumber,
    customerId: invoice.customerId,
    currency: invoice.currency,
    balanceMinor: balanceDueMinor(invoice),
  };
}

/** Any invoice of the business (open or not), for an STK payment that names it. */
export async function findInvoice(tx: DbOrTx, businessId: string, invoiceId: string) {
  const [row] = await tx
    .select({ ...openInvoiceColumns, status: invoices.status, publicToken: invoices.publicToken })
    .from(invoices)
    .where(and(eq(invoices.businessId, businessId), eq(invoices.id, invoiceId)))
    .limit(1);
  return row ?? null;
}

/** Open invoices to match a payment to or ask payment for: newest first, searched by number or customer. */
export async function searchOpenInvoices(db: DbOrTx, businessId: string, search: string | null | undefined) {
  const term = search?.trim();
  const like = term ? `%${term.replace(/[\\%_]/g, (match) => `\\${match}`)}%` : null;
  return db
    .select({
      ...openInvoiceColumns,
      customerName: customers.name,
      dueDate: invoices.dueDate,
      status: invoices.status,
    })
    .from(invoices)
    .innerJoin(customers, eq(customers.id, invoices.customerId))
    .where(
      and(
        eq(invoices.businessId, businessId),
        invoiceIsOpen(),
        like ? sql`(${invoices.invoiceNumber} ilike ${like} or ${customers.name} ilike ${like})` : undefined,
      ),
    )
    .orderBy(sql`${invoices.issueDate} desc`, sql`${invoices.invoiceNumber} desc`)
    .limit(20);
}

export async function findCustomerByAccountNumber(tx: DbOrTx, businessId: string, accountNumber: string) {
  const normalised = accountNumber.toUpperCase().replace(/[^A-Z0-9]/g, "");
  if (normalised === "") return null;
  const [row] = await tx
    .select({ id: customers.id, name: customers.name, email: customers.email })
    .from(customers)
    .where(
      and(
        eq(customers.businessId, businessId),
        sql`regexp_replace(upper(${customers.accountNumber}), '[^A-Z0-9]', '', 'g') = ${normalised}`,
      ),
    )
    .limit(1);
  return row ?? null;
}

/** A customer's open invoices, oldest due first: where an account-number payment goes. */
export async function oldestOpenInvoicesOf(tx: DbOrTx, businessId: string, customerId: string) {
  return tx
    .select(openInvoiceColumns)
    .from(invoices)
    .where(and(eq(invoices.businessId, businessId), eq(invoices.customerId, customerId), invoiceIsOpen()))
    .orderBy(asc(invoices.dueDate), asc(invoices.issueDate), asc(invoices.invoiceNumber));
}

export interface ApplyToInvoiceInput {
  businessId: string;
  invoiceId: string;
  amountMinor: bigint;
  currency: string;
  /** The M-Pesa receipt (or the CheckoutRequestID when a query settled it before the receipt arrived). */
  reference: string;
  paidAt: Date;
  source: "mpesa_stk" | "mpesa_c2b" | "mpesa_reconciled";
  payerName?: string | null;
  phone?: string | null;
  notes?: string | null;
}

export interface AppliedPayment {
  invoicePaymentId: string | null;
  transactionId: string | null;
}

/**
 * Applies money to an invoice (partial, full, or over with customer credit) and books the income, in the
 * caller's transaction: applyInvoicePayment, idempotent per receipt.
 */
export async function applyToInvoice(
  tx: DbOrTx,
  actor: Actor,
  input: ApplyToInvoiceInput,
  afterCommit?: AfterCommit,
): Promise<AppliedPayment> {
  const result = await applyInvoicePayment(
    tx,
    actor,
    invoicePaymentOf(input),
    afterCommit ? { afterCommit } : {},
  );
  return { invoicePaymentId: result.payment.id, transactionId: result.transaction?.id ?? null };
}

/**
 * applyToInvoice for a batch (applyInvoicePayments): each payment applied, or the reason the books refuse it (it
 * waits in the Unreconciled inbox, nothing written for it). A real failure (database) throws.
 */
export async function applyToInvoices(
  tx: DbOrTx,
  actor: Actor,
  inputs: readonly ApplyToInvoiceInput[],
  afterCommit?: AfterCommit,
): Promise<ApplyAttempt[]> {
  const outcomes = await applyInvoicePayments(
    tx,
    actor,
    inputs.map((input) => invoicePaymentOf(input)),
    afterCommit ? { afterCommit } : {},
  );
  return outcomes.map((outcome): ApplyAttempt => {
    if (outcome.ok) {
      return {
        ok: true,
        applied: {
          invoicePaymentId: outcome.result.payment.id,
          transactionId: outcome.result.transaction?.id ?? null,
        },
      };
    }
    if (outcome.error instanceof AppError) return { ok: false, reason: outcome.error.userMessage };
    throw outcome.error;
  });
}

export type ApplyAttempt = { ok: true; applied: AppliedPayment } | { ok: false; reason: string };

function invoicePaymentOf(input: ApplyToInvoiceInput): ApplyInvoicePaymentInput {
  return {
    businessId: input.businessId,
    invoiceId: input.invoiceId,
    amountMinor: input.amountMinor,
    currency: input.currency,
    method: "mpesa",
    reference: input.reference,
    paidAt: input.paidAt,
    source: input.source,
    payerName: input.payerName ?? null,
    phone: input.phone ?? null,
    notes: input.notes ?? null,
  };
}

/**
 * Money from a known customer with no open invoice: their credit (for the next invoice) and the income booked,
 * through the invoices domain's credit ledger and the ledger's recordTransaction (receipt = external id).
 */
export async function creditCustomer(
  tx: DbOrTx,
  actor: Actor,
  input: { businessId: string; customerId: string; amountMinor: bigint; reference: string; paidAt: Date },
  afterCommit?: AfterCommit,
): Promise<AppliedPayment> {
  const booked = await bookTransaction(
    tx,
    actor,
    {
      businessId: input.businessId,
      type: "income",
      amountMinor: input.amountMinor,
      currency: "KES",
      transactionDate: input.paidAt,
      externalId: input.reference,
      description: "M-Pesa payment kept as customer credit",
      customerId: input.customerId,
      source: "mpesa",
    },
    afterCommit,
  );
  await changeCustomerCredit(tx, {
    businessId: input.businessId,
    customerId: input.customerId,
    amountMinor: input.amountMinor,
    reason: "overpayment",
  });
  return { invoicePaymentId: null, transactionId: booked.transactionId };
}

export interface BookTransactionInput {
  businessId: string;
  type: "income" | "expense";
  amountMinor: bigint;
  currency: string;
  transactionDate: Date;
  /** The M-Pesa receipt: unique per business in the ledger. */
  externalId: string;
  description: string;
  categoryId?: string | null;
  customerId?: string | null;
  supplierId?: string | null;
  source: "mpesa" | "payout";
}

/**
 * Books an income or expense transaction (M-Pesa method) in the caller's transaction, through the ledger's
 * recordTransaction: the receipt is its externalId, so booking the same receipt twice returns the first row.
 */
export async function bookTransaction(
  tx: DbOrTx,
  actor: Actor,
  input: BookTransactionInput,
  afterCommit?: AfterCommit,
): Promise<{ transactionId: string }> {
  const result = await recordTransaction(
    tx,
    actor,
    {
      businessId: input.businessId,
      type: input.type,
      amountMinor: input.amountMinor,
      currency: input.currency,
      categoryId: input.categoryId ?? null,
      categorySystemKey: input.categoryId ? null : input.type === "income" ? "sales" : "other_expenses",
      description: input.description.slice(0, 500),
      paymentMethod: "mpesa",
      transactionDate: input.transactionDate,
      referenceNumber: input.externalId.slice(0, 100),
      externalId: input.externalId,
      source: input.source,
      customerId: input.customerId ?? null,
      supplierId: input.supplierId ?? null,
    },
    afterCommit,
  );
  return { transactionId: result.transaction.id };
}

/**
 * Locks the invoices M-Pesa money is about to be applied to (the invoices domain's lockInvoicesForPayment), before
 * the payment rows that name them are written: see there for the deadlock this prevents.
 */
export async function lockInvoicesBeforePayments(tx: DbOrTx, invoiceIds: readonly string[]): Promise<void> {
  await lockInvoicesForPayment(tx, invoiceIds);
}
