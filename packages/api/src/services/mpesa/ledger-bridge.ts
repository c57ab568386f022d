import { customers, type DbOrTx, invoices } from "@kavi/db";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { AppError } from "../../errors";
import type { Actor } from "../activity";
import { recordTransaction } from "../transactions/record";
import type { AfterCommit } from "../unit-of-work";

/**
 * Where M-Pesa money meets the books. Everything here belongs to the invoices and ledger domains
 * (`applyInvoicePayment`, `findOpenInvoiceByReference`, `recordTransaction`); this file is the only place the
 * M-Pesa services call them, so the money core can evolve without touching the webhook or worker paths.
 *
 * Booking plain transactions goes through the ledger's recordTransaction. Applying money to invoices waits for
 * the invoices domain's applyInvoicePayment: until it is on main, those writes throw LedgerNotWiredError and the
 * M-Pesa side keeps the money in the Unreconciled inbox (nothing is lost; a person books or matches it).
 */
export class LedgerNotWiredError extends AppError {
  override name = "LedgerNotWiredError";
  constructor(what: string) {
    super(
      "PRECONDITION_FAILED",
      `${what} is not available yet: the money stays in the Unreconciled M-Pesa inbox`,
    );
  }
}

export const OPEN_INVOICE_STATUSES = ["sent", "partially_paid", "overdue"] as const;

export interface OpenInvoice {
  id: string;
  invoiceNumber: string;
  customerId: string;
  currency: string;
  balanceMinor: bigint;
}

const openInvoiceColumns = {
  id: invoices.id,
  invoiceNumber: invoices.invoiceNumber,
  customerId: invoices.customerId,
  currency: invoices.currency,
  balanceMinor: sql<bigint>`(${invoices.totalMinor} - ${invoices.amountPaidMinor} - ${invoices.creditedMinor})::bigint`,
};

/** An open invoice named by what a customer typed (BillRefNumber) or our AccountReference. */
export async function findInvoiceForReference(
  tx: DbOrTx,
  businessId: string,
  reference: string,
): Promise<OpenInvoice | null> {
  // Case, spaces and separators do not matter: "inv 2026 0042" names INV-2026-0042.
  const normalised = reference.toUpperCase().replace(/[^A-Z0-9]/g, "");
  if (normalised === "") return null;
  const [row] = await tx
    .select(openInvoiceColumns)
    .from(invoices)
    .where(
      and(
        eq(invoices.businessId, businessId),
        inArray(invoices.status, [...OPEN_INVOICE_STATUSES]),
        sql`regexp_replace(upper(${invoices.invoiceNumber}), '[^A-Z0-9]', '', 'g') = ${normalised}`,
      ),
    )
    .limit(1);
  return row ?? null;
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
        inArray(invoices.status, [...OPEN_INVOICE_STATUSES]),
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
    .where(
      and(
        eq(invoices.businessId, businessId),
        eq(invoices.customerId, customerId),
        inArray(invoices.status, [...OPEN_INVOICE_STATUSES]),
      ),
    )
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
  source: "mpesa_stk" | "mpesa_c2b";
  notes?: string | null;
}

export interface AppliedPayment {
  invoicePaymentId: string | null;
  transactionId: string | null;
}

/** Applies money to an invoice (partial, full, or over with customer credit) and books the income. */
export async function applyToInvoice(
  _tx: DbOrTx,
  _actor: Actor,
  _input: ApplyToInvoiceInput,
): Promise<AppliedPayment> {
  throw new LedgerNotWiredError("Applying payments to invoices");
}

/** Keeps money from a known customer with no open invoice as their credit (and books the income). */
export async function creditCustomer(
  _tx: DbOrTx,
  _actor: Actor,
  _input: { businessId: string; customerId: string; amountMinor: bigint; reference: string; paidAt: Date },
): Promise<AppliedPayment> {
  throw new LedgerNotWiredError("Customer credit");
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
