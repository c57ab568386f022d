import { randomUUID } from "node:crypto";
import {
  businesses,
  type DbOrTx,
  insertRows,
  invoiceIsOpen,
  invoicePayments,
  invoices,
  transactions,
} from "@kavi/db";
import {
  allocatePayment,
  balanceDueMinor,
  dateInZone,
  deriveIssuedStatus,
  formatMoney,
  isValidPhone,
  MAX_AMOUNT_MINOR,
  minMinor,
  normalizeDocumentReference,
  normalizePhone,
  normalizeReferenceWithoutPrefix,
  type PaymentMethod,
  parseAmountForCurrency,
} from "@kavi/domain";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { AppError } from "../../errors";
import { type Actor, diffChanges, recordActivities, recordActivity } from "../activity";
import type { ServiceContext } from "../service-context";
import {
  type RecordTransactionInput,
  recordTransactions,
  type TTransactionRow,
} from "../transactions/record";
import type { AfterCommit } from "../unit-of-work";
import { inTransaction } from "../unit-of-work";
import { announceInvoicePaid } from "../webhooks/domain-events";
import type { BusinessScope } from "./context";
import { changeCustomerCredit } from "./customer-credit";
import { badField, InvoicePaymentRefusedError, invoiceNotFound, refuse } from "./errors";
import { findCustomer, findInvoice, type TInvoicePaymentRow, type TInvoiceRow } from "./queries";

/** Where a payment came from: typed by a person, an M-Pesa STK push, a Paybill/Till (C2B) payment, … */
export type InvoicePaymentSource = "manual" | "mpesa_stk" | "mpesa_c2b" | "mpesa_reconciled";

export interface ApplyInvoicePaymentInput {
  businessId: string;
  invoiceId: string;
  /** Everything received, in minor units of `currency` (the excess over the balance becomes customer credit). */
  amountMinor: bigint;
  /** Must be the invoice's currency. */
  currency: string;
  method: PaymentMethod;
  /** The M-Pesa receipt (QKL1ABC2DE), a bank reference, a cheque number… For M-Pesa it is the idempotency key. */
  reference: string | null;
  paidAt: Date;
  source: InvoicePaymentSource;
  payerName?: string | null;
  /** As the payer's network gave it; kept as E.164 when it is a valid number, as given otherwise (masked MSISDNs). */
  phone?: string | null;
  notes?: string | null;
}

export interface ApplyInvoicePaymentResult {
  payment: TInvoicePaymentRow;
  invoice: TInvoiceRow;
  /** The income transaction booked for the money received (the one already there for a repeated receipt). */
  transaction: TTransactionRow | null;
  creditedToCustomerMinor: bigint;
  /** True when this M-Pesa receipt had been applied before: nothing was written this time. */
  duplicate: boolean;
}

async function findTransaction(tx: DbOrTx, businessId: string, transactionId: string | null) {
  if (!transactionId) return null;
  const [row] = await tx
    .select()
    .from(transactions)
    .where(and(eq(transactions.id, transactionId), eq(transactions.businessId, businessId)));
  return row ?? null;
}

/** A repeated M-Pesa receipt: the first application, as it was recorded. */
async function findAppliedReceipt(
  tx: DbOrTx,
  businessId: string,
  reference: string,
): Promise<ApplyInvoicePaymentResult | null> {
  const [payment] = await tx
    .select()
    .from(invoicePayments)
    .where(
      and(
        eq(invoicePayments.businessId, businessId),
        eq(invoicePayments.method, "mpesa"),
        eq(invoicePayments.reference, reference),
      ),
    )
    .limit(1);
  if (!payment) return null;
  const invoice = await findInvoice(tx, businessId, payment.invoiceId);
  return {
    payment,
    invoice,
    transaction: await findTransaction(tx, businessId, payment.transactionId),
    creditedToCustomerMinor: payment.creditedToCustomerMinor,
    duplicate: true,
  };
}

function storedPhone(phone: string | null | undefined): string | null {
  const trimmed = phone?.trim();
  if (!trimmed) return null;
  return isValidPhone(trimmed) ? normalizePhone(trimmed) : trimmed.slice(0, 20);
}

/**
 * THE way money is applied to an invoice — by a person (record payment), by M-Pesa (STK callbacks, C2B
 * confirmations, the unreconciled inbox) — inside the caller's database transaction:
 *
 * - locks the invoice row, so concurrent payments on one invoice apply one after the other;
 * - for M-Pesa, is idempotent by (business, method, receipt): a second call with the same receipt writes
 *   nothing and returns the first result with `duplicate: true`;
 * - refuses drafts, void invoices, another currency, and an excess on a foreign-currency invoice with an
 *   `InvoicePaymentRefusedError` whose `refusal` says why (M-Pesa sends those to the unreconciled inbox);
 * - applies what the invoice still owes and credits any excess to the customer (customer_credit_entries and
 *   customers.credit_balance_minor), so applied + credited = received;
 * - books the whole amount received as one income transaction through the ledger's recordTransaction
 *   (source "invoice_payment", linked to invoice and customer; an M-Pesa receipt is its external id, so a
 *   statement import of the same receipt can never book it twice);
 * - moves the invoice to partially paid / paid (or keeps it overdue while money is still owed);
 * - writes the activity row.
 */
export async function applyInvoicePayment(
  tx: DbOrTx,
  actor: Actor,
  input: ApplyInvoicePaymentInput,
  options: ApplyInvoicePaymentOptions = {},
): Promise<ApplyInvoicePaymentResult> {
  const [outcome] = await applyInvoicePayments(tx, actor, [input], options);
  if (!outcome) throw new Error("payment insert returned nothing");
  if (!outcome.ok) throw outcome.error;
  return outcome.result;
}

export interface ApplyInvoicePaymentOptions {
  /** Pass the unit of work's, so the ledger's after-commit work (budget checks) runs. */
  afterCommit?: AfterCommit;
  /** "Today" for the overdue check; the real clock unless a caller (a test) has its own. */
  now?: Date;
}

/** Each payment of a batch: applied (or a repeated receipt), or what refused it (nothing written for it). */
export type ApplyInvoicePaymentOutcome =
  | { ok: true; result: ApplyInvoicePaymentResult }
  | { ok: false; error: unknown };

interface PlannedPayment {
  index: number;
  input: ApplyInvoicePaymentInput;
  reference: string | null;
  phone: string | null;
  payerName: string | null;
  paymentId: string;
  appliedMinor: bigint;
  creditedMinor: bigint;
  business: { baseCurrency: string; timezone: string };
  /** The invoice just before and just after this payment (the batch's earlier payments to it included). */
  before: TInvoiceRow;
  after: TInvoiceRow;
}

/**
 * Locks invoices that money is about to be applied to, in id order (so two callers never wait for each other in
 * a circle), and returns them. A caller that first writes a row naming an invoice (a payment with its
 * `invoice_id`) must lock the invoice before that write: the foreign key's check takes a share lock on the
 * invoice, and two transactions that each hold it and then ask for this lock deadlock.
 */
export async function lockInvoicesForPayment(tx: DbOrTx, invoiceIds: readonly string[]) {
  const ids = [...new Set(invoiceIds)].sort();
  if (ids.length === 0) return [];
  return tx.select().from(invoices).where(inArray(invoices.id, ids)).orderBy(asc(invoices.id)).for("update");
}

/**
 * applyInvoicePayment for many payments at once (a settlement batch), by the same rules, in the inputs' order:
 * the invoices are locked together (id order), the businesses and repeated receipts read once, and each table
 * written with one statement; payments to one invoice apply one after the other. A refusal is that payment's
 * outcome (nothing written for it); a database error fails the call.
 */
export async function applyInvoicePayments(
  tx: DbOrTx,
  actor: Actor,
  inputs: readonly ApplyInvoicePaymentInput[],
  options: ApplyInvoicePaymentOptions = {},
): Promise<ApplyInvoicePaymentOutcome[]> {
  const { afterCommit, now = new Date() } = options;
  const outcomes: (ApplyInvoicePaymentOutcome | undefined)[] = inputs.map(() => undefined);
  if (inputs.length === 0) return [];
  const lockedRows = await lockInvoicesForPayment(
    tx,
    inputs.map((input) => input.invoiceId),
  );
  const current = new Map(lockedRows.map((row) => [row.id, row]));
  const mpesaReferences = inputs
    .map((input) => (input.method === "mpesa" ? input.reference?.trim() || null : null))
    .filter((reference): reference is string => reference !== null);
  const appliedBefore = new Set(
    mpesaReferences.length === 0
      ? []
      : (
          await tx
            .select({ businessId: invoicePayments.businessId, reference: invoicePayments.reference })
            .from(invoicePayments)
            .where(
              and(
                inArray(invoicePayments.businessId, [...new Set(inputs.map((input) => input.businessId))]),
                eq(invoicePayments.method, "mpesa"),
                inArray(invoicePayments.reference, mpesaReferences),
              ),
            )
        ).map((row) => `${row.businessId}|${row.reference}`),
  );
  const businessRows = await tx
    .select({ id: businesses.id, baseCurrency: businesses.baseCurrency, timezone: businesses.timezone })
    .from(businesses)
    .where(inArray(businesses.id, [...new Set(inputs.map((input) => input.businessId))]));
  const businessOf = new Map(businessRows.map((row) => [row.id, row]));

  const planned: PlannedPayment[] = [];
  const plannedByReceipt = new Map<string, PlannedPayment>();
  const repeatedInBatch = new Map<number, PlannedPayment>();
  for (const [index, input] of inputs.entries()) {
    try {
      if (input.amountMinor <= 0n || input.amountMinor > MAX_AMOUNT_MINOR) {
        throw badField("amount", "Enter an amount more than 0");
      }
      const reference = input.reference?.trim() || null;
      const invoice = current.get(input.invoiceId);
      if (!invoice || invoice.businessId !== input.businessId) throw invoiceNotFound();
      const receiptKey = input.method === "mpesa" && reference ? `${input.businessId}|${reference}` : null;
      if (receiptKey && appliedBefore.has(receiptKey)) {
        const earlier = await findAppliedReceipt(tx, input.businessId, reference ?? "");
        if (earlier) {
          outcomes[index] = { ok: true, result: earlier };
          continue;
        }
      }
      const first = receiptKey ? plannedByReceipt.get(receiptKey) : undefined;
      if (first) {
        repeatedInBatch.set(index, first);
        continue;
      }
      const business = businessOf.get(input.businessId);
      if (!business) throw new AppError("NOT_FOUND", "Business not found");
      const payment = planPayment(input, invoice, business, reference, now, index);
      current.set(invoice.id, payment.after);
      planned.push(payment);
      if (receiptKey) plannedByReceipt.set(receiptKey, payment);
    } catch (error) {
      outcomes[index] = { ok: false, error };
    }
  }

  if (planned.length > 0) {
    const booked = await recordTransactions(
      tx,
      actor,
      planned.map((payment) => bookingFor(payment)),
      afterCommit,
    );
    const paymentRows = await insertRows(
      tx,
      invoicePayments,
      planned.map((payment, position) => ({
        id: payment.paymentId,
        businessId: payment.input.businessId,
        invoiceId: payment.before.id,
        amountMinor: payment.input.amountMinor,
        appliedMinor: payment.appliedMinor,
        creditedToCustomerMinor: payment.creditedMinor,
        currency: payment.before.currency,
        method: payment.input.method,
        reference: payment.reference,
        paidAt: payment.input.paidAt,
        source: payment.input.source,
        payerName: payment.payerName,
        payerPhone: payment.phone,
        notes: payment.input.notes ?? null,
        createdByUserId: actor.userId,
        transactionId: booked[position]?.transaction.id ?? null,
      })),
      { returning: true },
    );
    const paymentById = new Map(paymentRows.map((row) => [row.id, row]));
    const finalRows = await updateInvoices(
      tx,
      [...new Set(planned.map((payment) => payment.before.id))],
      current,
    );
    const firstBefore = new Map<string, TInvoiceRow>();
    for (const payment of planned)
      if (!firstBefore.has(payment.before.id)) firstBefore.set(payment.before.id, payment.before);
    for (const [invoiceId, after] of finalRows) {
      const before = firstBefore.get(invoiceId);
      if (before) await announceInvoicePaid(tx, afterCommit, before, after, now);
    }
    for (const payment of planned) {
      if (payment.creditedMinor > 0n) {
        await changeCustomerCredit(tx, {
          businessId: payment.input.businessId,
          customerId: payment.before.customerId,
          amountMinor: payment.creditedMinor,
          reason: "overpayment",
          invoiceId: payment.before.id,
          invoicePaymentId: payment.paymentId,
        });
      }
    }
    await recordActivities(
      tx,
      actor,
      planned.map((payment, position) => ({
        action: "invoice.payment_recorded",
        entityType: "invoice",
        entityId: payment.before.id,
        businessId: payment.input.businessId,
        changes: diffChanges(payment.before, payment.after, ["amountPaidMinor", "status"]),
        metadata: {
          invoicePaymentId: payment.paymentId,
          transactionId: booked[position]?.transaction.id,
          amountMinor: payment.input.amountMinor.toString(),
          appliedMinor: payment.appliedMinor.toString(),
          creditedToCustomerMinor: payment.creditedMinor.toString(),
          method: payment.input.method,
          reference: payment.reference,
          source: payment.input.source,
        },
      })),
    );
    for (const [position, payment] of planned.entries()) {
      const row = paymentById.get(payment.paymentId);
      const final = finalRows.get(payment.before.id);
      if (!row || !final) throw new Error("payment insert returned nothing");
      outcomes[payment.index] = {
        ok: true,
        result: {
          payment: row,
          // The invoice as this payment left it (a later payment of the batch may have moved it on).
          invoice: {
            ...final,
            amountPaidMinor: payment.after.amountPaidMinor,
            status: payment.after.status,
            paidAt: payment.after.paidAt,
          },
          transaction: booked[position]?.transaction ?? null,
          creditedToCustomerMinor: payment.creditedMinor,
          duplicate: false,
        },
      };
    }
  }
  // The same receipt twice in one batch: the second is a repeat of the first, as it would be one call later.
  for (const [index, first] of repeatedInBatch) {
    const outcome = outcomes[first.index];
    outcomes[index] = outcome?.ok ? { ok: true, result: { ...outcome.result, duplicate: true } } : outcome;
  }
  return outcomes.map((outcome) => outcome ?? { ok: false, error: new Error("payment was not decided") });
}

/** What one payment does to the invoice (as the batch's earlier payments left it), or why it is refused. */
function planPayment(
  input: ApplyInvoicePaymentInput,
  invoice: TInvoiceRow,
  business: { baseCurrency: string; timezone: string },
  reference: string | null,
  now: Date,
  index: number,
): PlannedPayment {
  if (invoice.status === "void") {
    throw new InvoicePaymentRefusedError(
      "invoice_void",
      "This invoice is void, so no payment can be recorded on it.",
    );
  }
  if (invoice.status === "draft") {
    throw new InvoicePaymentRefusedError(
      "invoice_draft",
      "This invoice is still a draft. Issue it before recording a payment.",
    );
  }
  const currency = input.currency.trim().toUpperCase();
  if (currency !== invoice.currency) {
    throw new InvoicePaymentRefusedError(
      "currency_mismatch",
      `This invoice is in ${invoice.currency}; a ${currency} payment cannot be applied to it.`,
      "amount",
    );
  }
  const { appliedMinor, creditedMinor } = allocatePayment(input.amountMinor, balanceDueMinor(invoice));
  if (creditedMinor > 0n && invoice.currency !== business.baseCurrency) {
    throw new InvoicePaymentRefusedError(
      "overpayment_not_allowed",
      `Only ${formatMoney(appliedMinor, invoice.currency)} is still owed. Customer credit is kept in ${business.baseCurrency}, so record at most that.`,
      "amount",
    );
  }
  const amountPaidMinor = invoice.amountPaidMinor + appliedMinor;
  const status = deriveIssuedStatus({
    ...invoice,
    amountPaidMinor,
    today: dateInZone(now, business.timezone),
  });
  return {
    index,
    input,
    reference,
    phone: storedPhone(input.phone),
    payerName: input.payerName?.trim().slice(0, 200) || null,
    paymentId: randomUUID(),
    appliedMinor,
    creditedMinor,
    business,
    before: invoice,
    after: {
      ...invoice,
      amountPaidMinor,
      status,
      paidAt: status === "paid" && !invoice.paidAt ? input.paidAt : invoice.paidAt,
    },
  };
}

/** The income a payment books: the whole amount received, linked to the invoice and customer. */
function bookingFor(payment: PlannedPayment): RecordTransactionInput {
  const { input, before: invoice, business, reference, phone, paymentId } = payment;
  const currency = invoice.currency;
  return {
    businessId: input.businessId,
    type: "income",
    amountMinor: input.amountMinor,
    currency,
    exchangeRate: currency === business.baseCurrency ? null : invoice.exchangeRate,
    categorySystemKey: "sales",
    description: `Payment for invoice ${invoice.invoiceNumber}${payment.payerName ? ` from ${payment.payerName}` : ""}`,
    paymentMethod: input.method,
    transactionDate: input.paidAt,
    referenceNumber: reference,
    externalId: input.method === "mpesa" && reference ? reference : `invoice-payment:${paymentId}`,
    source: "invoice_payment",
    customerId: invoice.customerId,
    invoiceId: invoice.id,
    metadata: {
      invoicePaymentId: paymentId,
      appliedMinor: payment.appliedMinor.toString(),
      creditedToCustomerMinor: payment.creditedMinor.toString(),
      ...(phone ? { payerPhone: phone } : {}),
    },
  };
}

/** Writes each invoice's amount paid, status and paid date as the batch left it, in one statement; the rows after. */
async function updateInvoices(tx: DbOrTx, invoiceIds: string[], state: Map<string, TInvoiceRow>) {
  const updatedAt = new Date();
  const rows = invoiceIds
    .map((id) => state.get(id))
    .filter((row): row is TInvoiceRow => row !== undefined)
    .map((row) => ({ ...row, updatedAt }));
  const updated = await tx.execute<{ id: string }>(sql`
    update invoices i set amount_paid_minor = x.amount_paid, status = x.status::invoice_status,
           paid_at = x.paid_at, updated_at = ${updatedAt.toISOString()}::timestamptz
    from unnest(${sql.param(rows.map((row) => row.id))}::uuid[],
                ${sql.param(rows.map((row) => row.amountPaidMinor.toString()))}::bigint[],
                ${sql.param(rows.map((row) => row.status))}::text[],
                ${sql.param(rows.map((row) => row.paidAt?.toISOString() ?? null))}::timestamptz[])
         as x(id, amount_paid, status, paid_at)
    where i.id = x.id
    returning i.id`);
  if (updated.rows.length !== rows.length) throw new Error("invoice update returned nothing");
  return new Map(rows.map((row) => [row.id, row]));
}

export interface RecordPaymentInput {
  amount: string;
  method: PaymentMethod;
  reference: string | null;
  paidAt: Date | null;
  notes: string | null;
}

/** "Record payment" from the invoice page: parses the amount for the invoice's currency, then applies it. */
export async function recordInvoicePayment(
  ctx: ServiceContext,
  business: BusinessScope,
  invoiceId: string,
  input: RecordPaymentInput,
): Promise<ApplyInvoicePaymentResult> {
  const now = ctx.now();
  if (input.paidAt && input.paidAt.getTime() > now.getTime() + 5 * 60_000) {
    throw badField("paidAt", "The payment date cannot be in the future");
  }
  return inTransaction(ctx, async (tx, afterCommit) => {
    const invoice = await findInvoice(tx, business.id, invoiceId);
    const parsed = parseAmountForCurrency(input.amount, invoice.currency);
    if (!parsed.ok) throw badField("amount", parsed.message);
    const result = await applyInvoicePayment(
      tx,
      ctx.actor,
      {
        businessId: business.id,
        invoiceId,
        amountMinor: parsed.minor,
        currency: invoice.currency,
        method: input.method,
        reference: input.reference,
        paidAt: input.paidAt ?? now,
        source: "manual",
        notes: input.notes,
      },
      { afterCommit, now },
    );
    if (result.duplicate) {
      throw new AppError(
        "CONFLICT",
        `M-Pesa receipt ${input.reference} is already recorded on invoice ${result.invoice.invoiceNumber}`,
        {
          fieldErrors: {
            reference: [`This receipt is already recorded on invoice ${result.invoice.invoiceNumber}`],
          },
        },
      );
    }
    return result;
  });
}

/**
 * Uses the customer's credit (from overpayments and credit notes) on an open invoice: as much as the
 * credit and the balance allow, or the amount asked. No money moves, so no transaction is booked; the
 * payment row (source "customer_credit") and a negative credit entry record it.
 */
export async function applyCustomerCredit(
  ctx: ServiceContext,
  business: BusinessScope,
  invoiceId: string,
  amount: string | null,
): Promise<{ invoice: TInvoiceRow; appliedMinor: bigint; remainingCreditMinor: bigint }> {
  const now = ctx.now();
  return inTransaction(ctx, async (tx, afterCommit) => {
    const invoice = await findInvoice(tx, business.id, invoiceId, { lock: true });
    if (invoice.status === "draft") throw refuse("Issue the invoice before applying credit to it.");
    if (invoice.status === "void") throw refuse("This invoice is void.");
    if (invoice.currency !== business.baseCurrency) {
      throw refuse(
        `Customer credit is kept in ${business.baseCurrency} and can only pay ${business.baseCurrency} invoices.`,
      );
    }
    const balance = balanceDueMinor(invoice);
    if (balance === 0n) throw refuse("Nothing is owed on this invoice.");
    const customer = await findCustomer(tx, business.id, invoice.customerId, { lock: true });
    if (customer.creditBalanceMinor <= 0n) throw refuse(`${customer.name} has no credit to use.`);
    let wanted = minMinor(balance, customer.creditBalanceMinor);
    if (amount !== null) {
      const parsed = parseAmountForCurrency(amount, invoice.currency);
      if (!parsed.ok) throw badField("amount", parsed.message);
      if (parsed.minor > wanted) {
        throw badField("amount", `At most ${formatMoney(wanted, invoice.currency)} can be applied`);
      }
      wanted = parsed.minor;
    }
    const [payment] = await tx
      .insert(invoicePayments)
      .values({
        businessId: business.id,
        invoiceId,
        amountMinor: wanted,
        appliedMinor: wanted,
        currency: invoice.currency,
        method: "other",
        paidAt: now,
        source: "customer_credit",
        notes: "Paid from customer credit",
        createdByUserId: ctx.actor.userId,
      })
      .returning();
    if (!payment) throw new Error("payment insert returned nothing");
    await changeCustomerCredit(tx, {
      businessId: business.id,
      customerId: customer.id,
      amountMinor: -wanted,
      reason: "applied_to_invoice",
      invoiceId,
      invoicePaymentId: payment.id,
    });
    const amountPaidMinor = invoice.amountPaidMinor + wanted;
    const status = deriveIssuedStatus({
      ...invoice,
      amountPaidMinor,
      today: dateInZone(now, business.timezone),
    });
    const [after] = await tx
      .update(invoices)
      .set({ amountPaidMinor, status, ...(status === "paid" && !invoice.paidAt ? { paidAt: now } : {}) })
      .where(eq(invoices.id, invoiceId))
      .returning();
    if (!after) throw new Error("invoice update returned nothing");
    await announceInvoicePaid(tx, afterCommit, invoice, after, now);
    await recordActivity(tx, ctx.actor, {
      action: "invoice.credit_applied",
      entityType: "invoice",
      entityId: invoiceId,
      changes: diffChanges(invoice, after, ["amountPaidMinor", "status"]),
      metadata: { invoicePaymentId: payment.id, appliedMinor: wanted.toString(), customerId: customer.id },
    });
    return {
      invoice: after,
      appliedMinor: wanted,
      remainingCreditMinor: customer.creditBalanceMinor - wanted,
    };
  });
}

/**
 * The open invoice a Paybill payment's account reference (BillRefNumber) names, tolerating what people
 * type: any case, spaces and dashes, O for 0, I or L for 1, and a missing prefix ("2026-0042"). Only
 * invoices still expecting money match; when the reference could mean two of them, nothing matches (a
 * person decides in the unreconciled inbox).
 */
export async function findOpenInvoiceByReference(
  tx: DbOrTx,
  businessId: string,
  reference: string,
): Promise<TInvoiceRow | null> {
  const exact = normalizeDocumentReference(reference);
  const withoutPrefix = normalizeReferenceWithoutPrefix(reference);
  if (exact.length < 3) return null;
  // The same normalisation in SQL as normalizeDocumentReference / normalizeReferenceWithoutPrefix.
  const alnum = sql`upper(regexp_replace(coalesce(${invoices.invoiceNumber}, ''), '[^A-Za-z0-9]', '', 'g'))`;
  const normalized = sql`translate(${alnum}, 'OIL', '011')`;
  const normalizedWithoutPrefix = sql`translate(regexp_replace(${alnum}, '^[A-Z]+', ''), 'OIL', '011')`;
  const candidates = await tx
    .select()
    .from(invoices)
    .where(
      and(
        eq(invoices.businessId, businessId),
        invoiceIsOpen(),
        sql`(${normalized} = ${exact} or (${withoutPrefix} <> '' and ${normalizedWithoutPrefix} = ${withoutPrefix}))`,
      ),
    )
    .limit(3);
  const exactMatches = candidates.filter(
    (row) => normalizeDocumentReference(row.invoiceNumber ?? "") === exact,
  );
  if (exactMatches.length === 1) return exactMatches[0] ?? null;
  return candidates.length === 1 ? (candidates[0] ?? null) : null;
}
