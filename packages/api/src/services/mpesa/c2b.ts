import {
  buildC2bValidationAcceptance,
  buildC2bValidationRejection,
  type C2bEvent,
  type C2bRejectionReason,
  type C2bValidationReply,
} from "@kavi/daraja";
import { type DbOrTx, mpesaPayments, mpesaSettings } from "@kavi/db";
import { isOpenInvoiceStatus } from "@kavi/domain";
import { and, desc, eq } from "drizzle-orm";
import { AppError } from "../../errors";
import { type Actor, recordActivity } from "../activity";
import type { ServiceContext } from "../service-context";
import { type AfterCommit, inTransaction } from "../unit-of-work";
import {
  applyToInvoice,
  bookTransaction,
  creditCustomer,
  findCustomerByAccountNumber,
  findInvoice,
  findInvoiceForReference,
  oldestOpenInvoicesOf,
} from "./ledger-bridge";
import { type ApplyAttempt, announcePayment, attemptInSavepoint, type SettlementContext } from "./settlement";

export interface C2bValidationDecision {
  accepted: boolean;
  reason: C2bRejectionReason | null;
  reply: C2bValidationReply;
}

const accept = (): C2bValidationDecision => ({
  accepted: true,
  reason: null,
  reply: buildC2bValidationAcceptance(),
});
const reject = (reason: C2bRejectionReason): C2bValidationDecision => ({
  accepted: false,
  reason,
  reply: buildC2bValidationRejection(reason),
});

/**
 * C2B validation, by the business's rule: accept everything, or only account numbers we know (an open
 * invoice, whose balance the amount must not exceed, or a customer account number). Money is never refused
 * because of our own trouble: any error accepts.
 */
export async function decideC2bValidation(
  ctx: Pick<ServiceContext, "db" | "logger">,
  businessId: string,
  event: C2bEvent,
): Promise<C2bValidationDecision> {
  try {
    const [settings] = await ctx.db
      .select({
        rule: mpesaSettings.c2bValidation,
        shortcode: mpesaSettings.shortcode,
        storeNumber: mpesaSettings.storeNumber,
      })
      .from(mpesaSettings)
      .where(eq(mpesaSettings.businessId, businessId))
      .limit(1);
    // A payment to another shortcode is not ours to accept (a forged or misrouted validation).
    if (settings && !isBusinessShortcode(settings, event.businessShortCode))
      return reject("invalidShortcode");
    if (!settings || settings.rule === "accept_all") return accept();
    const invoice = await findInvoiceForReference(ctx.db, businessId, event.billRefNumber);
    if (invoice) return event.amountMinor > invoice.balanceMinor + 99n ? reject("invalidAmount") : accept();
    const customer = await findCustomerByAccountNumber(ctx.db, businessId, event.billRefNumber);
    return customer ? accept() : reject("invalidAccountNumber");
  } catch (error) {
    ctx.logger.error({ err: error, businessId }, "C2B validation failed; accepting the payment");
    return accept();
  }
}

/** The numbers a C2B payment to this business may name: its Paybill or Till, and a Till's store number. */
export function isBusinessShortcode(
  settings: { shortcode: string; storeNumber: string | null },
  shortcode: string,
): boolean {
  const named = shortcode.trim();
  return named !== "" && (named === settings.shortcode || named === settings.storeNumber);
}

export interface C2bReceipt {
  /** False when the callback came from outside MPESA_CALLBACK_ALLOWED_IPS. */
  sourceAllowed: boolean | null;
}

/**
 * A C2B confirmation callback: a payment *claimed* to the Paybill/Till. It is recorded once per receipt and never
 * applied on its own word: a shortcode that is not this business's, or a source off the allow-list, puts it in
 * the Unreconciled inbox with the reason; anything else is "received, confirming" until Daraja's Transaction
 * Status agrees (confirm-payment job → status result → applyConfirmedC2bPayment).
 */
export async function settleC2bConfirmation(
  context: SettlementContext,
  businessId: string,
  event: C2bEvent,
  receipt: C2bReceipt = { sourceAllowed: null },
) {
  const { tx, actor } = context;
  const [existing] = await tx
    .select({ id: mpesaPayments.id })
    .from(mpesaPayments)
    .where(and(eq(mpesaPayments.businessId, businessId), eq(mpesaPayments.receipt, event.transId)))
    .limit(1);
  if (existing) return "already-recorded" as const;

  const [settings] = await tx
    .select({ shortcode: mpesaSettings.shortcode, storeNumber: mpesaSettings.storeNumber })
    .from(mpesaSettings)
    .where(eq(mpesaSettings.businessId, businessId))
    .limit(1);
  let refusal: string | null = null;
  if (!settings || !isBusinessShortcode(settings, event.businessShortCode)) {
    refusal = `Not applied: the callback names shortcode ${event.businessShortCode || "(none)"}, which is not this business's ${settings ? settings.shortcode : "Paybill or Till"}. It may be forged: check the M-Pesa statement before matching it.`;
  } else if (receipt.sourceAllowed === false) {
    refusal =
      "Not applied: the callback came from an address outside Safaricom's list. Check the M-Pesa statement before matching it.";
  }

  const [payment] = await tx
    .insert(mpesaPayments)
    .values({
      businessId,
      source: "c2b",
      receipt: event.transId,
      amountMinor: event.amountMinor,
      paidAt: event.transTime,
      billRefNumber: event.billRefNumber.slice(0, 100) || null,
      msisdn: event.msisdn.slice(0, 100) || null,
      phone: event.phone ?? null,
      payerName: event.customerName.slice(0, 200) || null,
      shortcode: event.businessShortCode.slice(0, 20),
      status: refusal ? "unreconciled" : "confirming",
      unreconciledReason: refusal,
    })
    .returning();
  if (!payment) throw new Error("payment insert returned nothing");
  await recordActivity(tx, actor, {
    action: refusal ? "mpesa.c2b_unreconciled" : "mpesa.c2b_received",
    entityType: "mpesa_payment",
    entityId: payment.id,
    metadata: {
      receipt: event.transId,
      amountMinor: event.amountMinor.toString(),
      billRefNumber: event.billRefNumber,
      shortcode: event.businessShortCode,
      ...(refusal ? { reason: refusal } : { confirming: true }),
    },
  });
  if (refusal) {
    await announcePayment(context, {
      businessId,
      amountMinor: event.amountMinor,
      currency: "KES",
      receipt: event.transId,
      invoiceId: null,
      customerId: null,
      requestedByUserId: null,
      applied: false,
    });
    return refusal.includes("shortcode") ? ("wrong-shortcode" as const) : ("untrusted-source" as const);
  }
  const delay = context.ctx.config.mpesa.confirmationDelaysMs[0] ?? 0;
  context.afterCommit.enqueue(
    "mpesa.confirm-payment",
    { mpesaPaymentId: payment.id, attempt: 1 },
    delay > 0 ? { delayMs: delay } : {},
  );
  return "confirming" as const;
}

type TPaymentRow = typeof mpesaPayments.$inferSelect;

/**
 * Daraja confirmed a C2B payment: match it by the account the customer typed — an open invoice, else a customer
 * account number (oldest open invoices first, the rest as credit), else the Unreconciled inbox. Called with the
 * payment row locked and still `confirming`, so it runs once.
 */
export async function applyConfirmedC2bPayment(context: SettlementContext, payment: TPaymentRow) {
  const { tx, actor } = context;
  const businessId = payment.businessId;
  const receipt = payment.receipt ?? payment.id;
  const billRefNumber = payment.billRefNumber ?? "";
  const paid: PaidC2b = {
    transId: receipt,
    amountMinor: payment.amountMinor,
    transTime: payment.paidAt,
    customerName: payment.payerName ?? "",
    phone: payment.phone ?? undefined,
    msisdn: payment.msisdn ?? "",
    transactionType: "",
  };
  let outcome: {
    attempt: ApplyAttempt;
    matchedBy: string | null;
    invoiceId: string | null;
    customerId: string | null;
  };
  const invoice = await findInvoiceForReference(tx, businessId, billRefNumber);
  const customer = invoice ? null : await findCustomerByAccountNumber(tx, businessId, billRefNumber);
  if (invoice) {
    outcome = {
      matchedBy: "invoice_reference",
      invoiceId: invoice.id,
      customerId: invoice.customerId,
      attempt: await attemptInSavepoint(tx, (savepoint) =>
        applyToInvoice(
          savepoint,
          actor,
          {
            businessId,
            invoiceId: invoice.id,
            amountMinor: paid.amountMinor,
            currency: payment.currency,
            reference: receipt,
            paidAt: paid.transTime,
            source: "mpesa_c2b",
            payerName: paid.customerName || null,
            phone: paid.phone ?? (paid.msisdn || null),
            notes: paidByNote(paid),
          },
          context.afterCommit,
        ),
      ),
    };
  } else if (customer) {
    outcome = {
      matchedBy: "account_number",
      invoiceId: null,
      customerId: customer.id,
      attempt: await attemptInSavepoint(tx, (savepoint) =>
        applyToCustomer(savepoint, actor, businessId, customer.id, paid, context.afterCommit),
      ),
    };
  } else {
    outcome = {
      matchedBy: null,
      invoiceId: null,
      customerId: null,
      attempt: {
        ok: false,
        reason: billRefNumber
          ? `No open invoice or customer account matches "${billRefNumber}".`
          : "The customer typed no account number.",
      },
    };
  }
  await tx
    .update(mpesaPayments)
    .set(
      outcome.attempt.ok
        ? {
            status: "applied",
            matchedBy: outcome.matchedBy,
            invoiceId: outcome.invoiceId,
            customerId: outcome.customerId,
            transactionId: outcome.attempt.applied.transactionId,
            confirmedAt: context.ctx.now(),
          }
        : {
            status: "unreconciled",
            unreconciledReason: outcome.attempt.reason,
            invoiceId: outcome.invoiceId,
            customerId: outcome.customerId,
            confirmedAt: context.ctx.now(),
          },
    )
    .where(eq(mpesaPayments.id, payment.id));
  await recordActivity(tx, actor, {
    action: outcome.attempt.ok ? "mpesa.c2b_reconciled" : "mpesa.c2b_unreconciled",
    entityType: "mpesa_payment",
    entityId: payment.id,
    metadata: {
      receipt,
      amountMinor: paid.amountMinor.toString(),
      billRefNumber,
      matchedBy: outcome.matchedBy,
      ...(outcome.attempt.ok ? {} : { reason: outcome.attempt.reason }),
    },
  });
  await announcePayment(context, {
    businessId,
    amountMinor: paid.amountMinor,
    currency: payment.currency,
    receipt,
    invoiceId: outcome.attempt.ok ? outcome.invoiceId : null,
    customerId: outcome.customerId,
    requestedByUserId: null,
    applied: outcome.attempt.ok,
  });
  return outcome.attempt.ok ? ("reconciled" as const) : ("unreconciled" as const);
}

/** What applying a confirmed C2B payment needs of it (from the stored row). */
interface PaidC2b {
  transId: string;
  amountMinor: bigint;
  transTime: Date;
  customerName: string;
  phone: string | undefined;
  msisdn: string;
  transactionType: string;
}

function paidByNote(event: PaidC2b): string {
  const who = event.customerName || event.phone || "a customer";
  return `M-Pesa ${event.transactionType || "payment"} from ${who}`;
}

/** A customer account number: their oldest open invoices first; whatever is left becomes their credit. */
async function applyToCustomer(
  tx: DbOrTx,
  actor: Actor,
  businessId: string,
  customerId: string,
  event: PaidC2b,
  afterCommit: AfterCommit,
) {
  let remaining = event.amountMinor;
  let transactionId: string | null = null;
  const open = await oldestOpenInvoicesOf(tx, businessId, customerId);
  for (const [index, invoice] of open.entries()) {
    if (remaining <= 0n) break;
    const last = index === open.length - 1;
    // The last open invoice takes the rest, so an overpayment becomes credit through the invoice rules.
    const portion = last || remaining <= invoice.balanceMinor ? remaining : invoice.balanceMinor;
    if (portion <= 0n) continue;
    const applied = await applyToInvoice(
      tx,
      actor,
      {
        businessId,
        invoiceId: invoice.id,
        amountMinor: portion,
        currency: invoice.currency,
        // One receipt split over several invoices: each part needs its own reference (unique per business).
        reference: open.length > 1 && !last ? `${event.transId}-${index + 1}` : event.transId,
        paidAt: event.transTime,
        source: "mpesa_c2b",
        payerName: event.customerName || null,
        phone: event.phone ?? event.msisdn ?? null,
        notes: paidByNote(event),
      },
      afterCommit,
    );
    transactionId ??= applied.transactionId;
    remaining -= portion;
  }
  if (remaining > 0n) {
    const credited = await creditCustomer(
      tx,
      actor,
      { businessId, customerId, amountMinor: remaining, reference: event.transId, paidAt: event.transTime },
      afterCommit,
    );
    transactionId ??= credited.transactionId;
  }
  return { invoicePaymentId: null, transactionId };
}

// ── The Unreconciled M-Pesa inbox ─────────────────────────────────────────────────────────────────────

async function lockUnreconciled(tx: DbOrTx, businessId: string, mpesaPaymentId: string) {
  const [payment] = await tx
    .select()
    .from(mpesaPayments)
    .where(and(eq(mpesaPayments.businessId, businessId), eq(mpesaPayments.id, mpesaPaymentId)))
    .for("update");
  if (!payment) throw new AppError("NOT_FOUND", "M-Pesa payment not found");
  if (payment.status !== "unreconciled") {
    throw new AppError("CONFLICT", "This payment has already been matched or booked.");
  }
  return payment;
}

/** A person matches an unreconciled payment to an invoice. */
export async function matchPaymentToInvoice(
  ctx: ServiceContext,
  businessId: string,
  input: { mpesaPaymentId: string; invoiceId: string },
) {
  return inTransaction(ctx, async (tx, afterCommit) => {
    const payment = await lockUnreconciled(tx, businessId, input.mpesaPaymentId);
    const invoice = await findInvoice(tx, businessId, input.invoiceId);
    if (!invoice) throw new AppError("NOT_FOUND", "Invoice not found");
    if (!isOpenInvoiceStatus(invoice.status)) {
      throw new AppError("PRECONDITION_FAILED", "Choose an invoice that is still open.");
    }
    const applied = await applyToInvoice(
      tx,
      ctx.actor,
      {
        businessId,
        invoiceId: invoice.id,
        amountMinor: payment.amountMinor,
        currency: payment.currency,
        reference: payment.receipt ?? payment.id,
        paidAt: payment.paidAt,
        source: "mpesa_reconciled",
        payerName: payment.payerName,
        phone: payment.phone ?? payment.msisdn,
        notes: "Matched from the Unreconciled M-Pesa inbox",
      },
      afterCommit,
    );
    const [updated] = await tx
      .update(mpesaPayments)
      .set({
        status: "applied",
        matchedBy: "manual_invoice",
        invoiceId: invoice.id,
        customerId: invoice.customerId,
        transactionId: applied.transactionId,
        resolvedByUserId: ctx.actor.userId,
        resolvedAt: ctx.now(),
      })
      .where(eq(mpesaPayments.id, payment.id))
      .returning();
    await recordActivity(tx, ctx.actor, {
      action: "mpesa.payment_matched",
      entityType: "mpesa_payment",
      entityId: payment.id,
      changes: {
        status: { before: "unreconciled", after: "applied" },
        invoiceId: { before: null, after: invoice.id },
      },
      metadata: { receipt: payment.receipt, invoiceNumber: invoice.invoiceNumber },
    });
    await announcePayment(
      { tx, afterCommit, actor: ctx.actor, ctx },
      {
        businessId,
        amountMinor: payment.amountMinor,
        currency: payment.currency,
        receipt: payment.receipt,
        invoiceId: invoice.id,
        customerId: invoice.customerId,
        requestedByUserId: null,
        applied: true,
      },
    );
    return updated;
  });
}

/** A person books an unreconciled payment as plain income (not for an invoice). */
export async function bookPaymentAsIncome(
  ctx: ServiceContext,
  businessId: string,
  input: {
    mpesaPaymentId: string;
    categoryId?: string | null | undefined;
    description?: string | null | undefined;
  },
) {
  return inTransaction(ctx, async (tx, afterCommit) => {
    const payment = await lockUnreconciled(tx, businessId, input.mpesaPaymentId);
    const booked = await bookTransaction(
      tx,
      ctx.actor,
      {
        businessId,
        type: "income",
        amountMinor: payment.amountMinor,
        currency: payment.currency,
        transactionDate: payment.paidAt,
        externalId: payment.receipt ?? payment.id,
        description:
          input.description ??
          `M-Pesa payment${payment.payerName ? ` from ${payment.payerName}` : ""}${payment.billRefNumber ? ` (${payment.billRefNumber})` : ""}`,
        categoryId: input.categoryId ?? null,
        customerId: payment.customerId,
        source: "mpesa",
      },
      afterCommit,
    );
    const [updated] = await tx
      .update(mpesaPayments)
      .set({
        status: "booked",
        matchedBy: "manual_income",
        transactionId: booked.transactionId,
        resolvedByUserId: ctx.actor.userId,
        resolvedAt: ctx.now(),
      })
      .where(eq(mpesaPayments.id, payment.id))
      .returning();
    await recordActivity(tx, ctx.actor, {
      action: "mpesa.payment_booked",
      entityType: "mpesa_payment",
      entityId: payment.id,
      changes: { status: { before: "unreconciled", after: "booked" } },
      metadata: { receipt: payment.receipt, transactionId: booked.transactionId },
    });
    return updated;
  });
}

export async function listUnreconciled(db: DbOrTx, businessId: string) {
  return db
    .select()
    .from(mpesaPayments)
    .where(and(eq(mpesaPayments.businessId, businessId), eq(mpesaPayments.status, "unreconciled")))
    .orderBy(desc(mpesaPayments.paidAt), desc(mpesaPayments.id))
    .limit(500);
}
