import { humanResultMessage, STK_RESULT_CODES } from "@kavi/daraja";
import {
  businesses,
  customers,
  invoicePayments,
  invoices,
  memberships,
  mpesaPaymentRequests,
  mpesaPayments,
  type Transaction,
  transactions,
  users,
} from "@kavi/db";
import { formatMoney, LANGUAGE_LOCALES, type Language, toLanguage } from "@kavi/domain";
import { and, eq, inArray, isNull } from "drizzle-orm";
import { renderLayout } from "../../email/layout";
import { ALERT_TEXT } from "../../email/templates/alerts";
import { AppError } from "../../errors";
import { type Actor, recordActivity } from "../activity";
import { queueEmail } from "../email-outbox";
import { recipientsWhoWant } from "../notification-preferences";
import { notify } from "../notifications";
import type { ServiceContext } from "../service-context";
import type { AfterCommit } from "../unit-of-work";
import { inEveryLanguage, languagesOfUsers } from "../user-language";
import { announcePaymentReceived } from "../webhooks/domain-events";
import { type AppliedPayment, applyToInvoice } from "./ledger-bridge";

type TRequestRow = typeof mpesaPaymentRequests.$inferSelect;

/** Everything a settlement step needs: the open transaction, its after-commit effects, who acts, and the service context (clock, logger, settings). */
export interface SettlementContext {
  tx: Transaction;
  afterCommit: AfterCommit;
  actor: Actor;
  ctx: Pick<ServiceContext, "logger" | "now" | "config">;
  /** A settlement batch's lookups that do not change while it runs (who is told, the business's name). */
  memo?: SettlementMemo;
}

/** Per-batch answers to questions every payment of a business asks alike; one transaction's lifetime at most. */
export interface SettlementMemo {
  owners: Map<string, Promise<string[]>>;
  businessNames: Map<string, Promise<string>>;
  /** Read ahead by the batch for every invoice and customer it pays: numbers, tokens and addresses do not change. */
  invoices: Map<string, Promise<{ invoiceNumber: string | null; publicToken: string } | undefined>>;
  customers: Map<string, Promise<{ name: string; email: string | null; language: string } | undefined>>;
}

export function createSettlementMemo(): SettlementMemo {
  return { owners: new Map(), businessNames: new Map(), invoices: new Map(), customers: new Map() };
}

function remember<T>(cache: Map<string, Promise<T>> | undefined, key: string, load: () => Promise<T>) {
  if (!cache) return load();
  let value = cache.get(key);
  if (!value) {
    value = load();
    cache.set(key, value);
    // A failed lookup (its savepoint rolled back) is asked again next time, not remembered.
    value.catch(() => cache.delete(key));
  }
  return value;
}

export type ApplyAttempt = { ok: true; applied: AppliedPayment } | { ok: false; reason: string };

/**
 * Runs a money-core write in a savepoint. A refusal the books make on purpose (invoice void, not wired yet)
 * leaves the money in the Unreconciled inbox instead of failing the callback; a real failure (database)
 * propagates, and the whole job is retried.
 */
export async function attemptInSavepoint(
  tx: Transaction,
  work: (savepoint: Transaction) => Promise<AppliedPayment>,
): Promise<ApplyAttempt> {
  try {
    const applied = await tx.transaction((savepoint) => work(savepoint));
    return { ok: true, applied };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, reason: error.userMessage };
    throw error;
  }
}

/** Owners and admins of the business, plus whoever asked: the people told about money moving. */
export async function moneyWatchers(
  tx: Transaction,
  businessId: string,
  alsoUserId: string | null,
  memo?: SettlementMemo,
): Promise<string[]> {
  const owners = await remember(memo?.owners, businessId, async () => {
    const rows = await tx
      .select({ userId: memberships.userId })
      .from(memberships)
      .where(and(eq(memberships.businessId, businessId), inArray(memberships.role, ["owner", "admin"])));
    return rows.map((row) => row.userId);
  });
  return [...new Set([...owners, ...(alsoUserId ? [alsoUserId] : [])])];
}

export interface StkSuccess {
  /** Null when a query settled it: the query carries no receipt. */
  receipt: string | null;
  amountMinor: bigint;
  paidAt: Date;
  phone: string | null;
  settledBy: "callback" | "query";
  /** The query confirmed a payment but the callback's claim disagrees: recorded, not applied (the inbox). */
  disagreement?: string | null;
}

/**
 * A push was paid. Called with the request row locked and still open. Marks it paid, records the money
 * (unique per receipt), applies it to the invoice, and tells people — all in the caller's transaction.
 */
export async function settleStkSuccess(
  context: SettlementContext,
  request: TRequestRow,
  success: StkSuccess,
) {
  const { tx, actor, ctx } = context;
  const now = ctx.now();
  await tx
    .update(mpesaPaymentRequests)
    .set({
      status: "paid",
      receipt: success.receipt,
      paidAmountMinor: success.amountMinor,
      paidAt: success.paidAt,
      resultCode: STK_RESULT_CODES.success,
      failureReason: null,
      settledBy: success.settledBy,
      settledAt: now,
    })
    .where(eq(mpesaPaymentRequests.id, request.id));

  // The same receipt may already be here: for a Paybill, M-Pesa also sends STK payments to the C2B URL.
  const [known] = success.receipt
    ? await tx
        .select({
          id: mpesaPayments.id,
          status: mpesaPayments.status,
          paymentRequestId: mpesaPayments.paymentRequestId,
        })
        .from(mpesaPayments)
        .where(
          and(eq(mpesaPayments.businessId, request.businessId), eq(mpesaPayments.receipt, success.receipt)),
        )
        .for("update")
    : [];
  let paymentId: string;
  if (known) {
    await tx
      .update(mpesaPayments)
      .set({ paymentRequestId: known.paymentRequestId ?? request.id })
      .where(eq(mpesaPayments.id, known.id));
    paymentId = known.id;
    if (known.status !== "unreconciled") {
      await recordActivity(tx, actor, {
        action: "mpesa.stk_paid",
        entityType: "mpesa_payment_request",
        entityId: request.id,
        metadata: { receipt: success.receipt, settledBy: success.settledBy, alreadyRecorded: true },
      });
      return;
    }
  } else {
    const [inserted] = await tx
      .insert(mpesaPayments)
      .values({
        businessId: request.businessId,
        source: "stk",
        receipt: success.receipt,
        paymentRequestId: request.id,
        amountMinor: success.amountMinor,
        currency: request.currency,
        paidAt: success.paidAt,
        billRefNumber: request.accountReference,
        msisdn: success.phone ?? request.phone,
        phone: success.phone ?? request.phone,
        status: "unreconciled",
        invoiceId: request.invoiceId,
        customerId: request.customerId,
      })
      .returning({ id: mpesaPayments.id });
    if (!inserted) throw new Error("payment insert returned nothing");
    paymentId = inserted.id;
  }

  let applied: ApplyAttempt = {
    ok: false,
    reason: success.disagreement ?? "The payment request is not linked to an invoice.",
  };
  const invoiceId = request.invoiceId;
  if (invoiceId && !success.disagreement) {
    applied = await attemptInSavepoint(tx, (savepoint) =>
      applyToInvoice(
        savepoint,
        actor,
        {
          businessId: request.businessId,
          invoiceId,
          amountMinor: success.amountMinor,
          currency: request.currency,
          reference: success.receipt ?? request.checkoutRequestId ?? request.id,
          paidAt: success.paidAt,
          source: "mpesa_stk",
          phone: success.phone ?? request.phone,
          notes: "Paid with the M-Pesa prompt",
        },
        context.afterCommit,
      ),
    );
  }
  await tx
    .update(mpesaPayments)
    .set(
      applied.ok
        ? {
            status: "applied",
            matchedBy: "payment_request",
            invoiceId,
            transactionId: applied.applied.transactionId,
            unreconciledReason: null,
          }
        : { status: "unreconciled", unreconciledReason: applied.reason },
    )
    .where(eq(mpesaPayments.id, paymentId));

  await recordActivity(tx, actor, {
    action: "mpesa.stk_paid",
    entityType: "mpesa_payment_request",
    entityId: request.id,
    metadata: {
      receipt: success.receipt,
      amountMinor: success.amountMinor.toString(),
      invoiceId,
      settledBy: success.settledBy,
      applied: applied.ok,
      ...(applied.ok ? {} : { unreconciledReason: applied.reason }),
    },
  });
  await announcePayment(context, {
    businessId: request.businessId,
    amountMinor: success.amountMinor,
    currency: request.currency,
    receipt: success.receipt,
    invoiceId,
    customerId: request.customerId,
    requestedByUserId: request.requestedByUserId,
    applied: applied.ok,
  });
}

/** A late callback brings the receipt of a request a query already settled as paid: money is unchanged. */
export async function recordLateReceipt(context: SettlementContext, request: TRequestRow, receipt: string) {
  const { tx } = context;
  if (request.receipt) return "already-has-receipt" as const;
  const [clash] = await tx
    .select({ id: mpesaPayments.id })
    .from(mpesaPayments)
    .where(and(eq(mpesaPayments.businessId, request.businessId), eq(mpesaPayments.receipt, receipt)))
    .limit(1);
  await tx.update(mpesaPaymentRequests).set({ receipt }).where(eq(mpesaPaymentRequests.id, request.id));
  if (!clash) {
    await tx
      .update(mpesaPayments)
      .set({ receipt })
      .where(and(eq(mpesaPayments.paymentRequestId, request.id), isNull(mpesaPayments.receipt)));
    // The books used the CheckoutRequestID as the reference until now: give them the real receipt, so an M-Pesa
    // statement import later recognises this payment instead of booking it again.
    const checkout = request.checkoutRequestId;
    if (checkout) {
      await tx
        .update(invoicePayments)
        .set({ reference: receipt })
        .where(
          and(
            eq(invoicePayments.businessId, request.businessId),
            eq(invoicePayments.method, "mpesa"),
            eq(invoicePayments.reference, checkout),
          ),
        );
      await tx
        .update(transactions)
        .set({ externalId: receipt, referenceNumber: receipt })
        .where(and(eq(transactions.businessId, request.businessId), eq(transactions.externalId, checkout)));
    }
  }
  await recordActivity(tx, context.actor, {
    action: "mpesa.stk_receipt_recorded",
    entityType: "mpesa_payment_request",
    entityId: request.id,
    metadata: { receipt },
  });
  return "receipt-recorded" as const;
}

export interface StkFailure {
  resultCode: number;
  resultDesc: string;
  settledBy: "callback" | "query" | "sweep";
  reason?: string;
}

export async function settleStkFailure(
  context: SettlementContext,
  request: TRequestRow,
  failure: StkFailure,
) {
  const { tx, actor, ctx } = context;
  const reason = failure.reason ?? humanResultMessage(failure.resultCode);
  const status = failure.resultCode === STK_RESULT_CODES.cancelledByUser ? "cancelled" : "failed";
  await tx
    .update(mpesaPaymentRequests)
    .set({
      status,
      resultCode: failure.resultCode,
      resultDesc: failure.resultDesc.slice(0, 1000),
      failureReason: reason,
      settledBy: failure.settledBy,
      settledAt: ctx.now(),
    })
    .where(eq(mpesaPaymentRequests.id, request.id));
  await recordActivity(tx, actor, {
    action: status === "cancelled" ? "mpesa.stk_cancelled" : "mpesa.stk_failed",
    entityType: "mpesa_payment_request",
    entityId: request.id,
    metadata: { resultCode: failure.resultCode, reason, settledBy: failure.settledBy },
  });
  if (request.requestedByUserId) {
    await notify(tx, {
      userIds: [request.requestedByUserId],
      businessId: request.businessId,
      kind: "mpesa.stk_failed",
      title: inEveryLanguage((language) =>
        status === "cancelled" ? ALERT_TEXT[language].mpesa.cancelled : ALERT_TEXT[language].mpesa.failed,
      ),
      body: reason,
      link: request.invoiceId
        ? `/b/${request.businessId}/invoices/${request.invoiceId}`
        : `/b/${request.businessId}/mpesa/payments`,
      data: { paymentRequestId: request.id },
    });
  }
}

interface Announcement {
  businessId: string;
  amountMinor: bigint;
  currency: string;
  receipt: string | null;
  invoiceId: string | null;
  customerId: string | null;
  requestedByUserId: string | null;
  applied: boolean;
}

/**
 * The in-app notification for the team; when the money paid an invoice, an email to those of them who keep
 * "An invoice is paid" on, and a receipt email to the customer when they have an address.
 */
export async function announcePayment(context: SettlementContext, payment: Announcement) {
  const { tx, afterCommit, ctx } = context;
  const amountIn = (language: Language) =>
    formatMoney(payment.amountMinor, payment.currency, { locale: LANGUAGE_LOCALES[language] });
  const invoiceId = payment.invoiceId;
  const invoice = invoiceId
    ? await remember(context.memo?.invoices, invoiceId, async () => {
        const [row] = await tx
          .select({ invoiceNumber: invoices.invoiceNumber, publicToken: invoices.publicToken })
          .from(invoices)
          .where(eq(invoices.id, invoiceId))
          .limit(1);
        return row;
      })
    : undefined;
  const watchers = await moneyWatchers(tx, payment.businessId, payment.requestedByUserId, context.memo);
  await notify(tx, {
    userIds: watchers,
    businessId: payment.businessId,
    kind: payment.applied ? "mpesa.payment_received" : "mpesa.payment_unreconciled",
    title: inEveryLanguage((language) =>
      payment.applied
        ? ALERT_TEXT[language].mpesa.received(amountIn(language))
        : ALERT_TEXT[language].mpesa.needsMatching(amountIn(language)),
    ),
    body: inEveryLanguage((language) =>
      [
        invoice ? ALERT_TEXT[language].mpesa.forInvoice(invoice.invoiceNumber ?? "") : null,
        payment.receipt ? ALERT_TEXT[language].mpesa.receipt(payment.receipt) : null,
      ]
        .filter(Boolean)
        .join(" "),
    ),
    link:
      payment.applied && payment.invoiceId
        ? `/b/${payment.businessId}/invoices/${payment.invoiceId}`
        : `/b/${payment.businessId}/mpesa/unreconciled`,
    data: { receipt: payment.receipt, invoiceId: payment.invoiceId },
  });
  await announcePaymentReceived(tx, afterCommit, payment, ctx.now());
  if (!payment.applied || !invoice) return;
  const customerId = payment.customerId;
  const customer = customerId
    ? await remember(context.memo?.customers, customerId, async () => {
        const [row] = await tx
          .select({ name: customers.name, email: customers.email, language: customers.language })
          .from(customers)
          .where(eq(customers.id, customerId))
          .limit(1);
        return row;
      })
    : undefined;
  const businessName = await remember(context.memo?.businessNames, payment.businessId, async () => {
    const [business] = await tx
      .select({ legalName: businesses.legalName, tradingName: businesses.tradingName })
      .from(businesses)
      .where(eq(businesses.id, payment.businessId))
      .limit(1);
    return business?.tradingName ?? business?.legalName ?? "the business";
  });
  const emailed = await recipientsWhoWant(tx, watchers, "email", "invoice.paid");
  if (emailed.length > 0) {
    const languages = await languagesOfUsers(tx, emailed);
    const people = await tx
      .select({ id: users.id, email: users.email })
      .from(users)
      .where(inArray(users.id, emailed));
    const invoiceUrl = `${ctx.config.appUrl}/b/${payment.businessId}/invoices/${payment.invoiceId}`;
    for (const person of people) {
      const language = languages.get(person.id) ?? "en";
      const words = ALERT_TEXT[language].invoicePaidEmail;
      const amount = amountIn(language);
      const number = invoice.invoiceNumber ?? "";
      const payer = customer?.name ?? ALERT_TEXT[language].mpesa.aCustomer;
      const body = renderLayout({
        preheader: words.heading(amount, number),
        heading: words.heading(amount, number),
        paragraphs: [words.body(payer, amount, number, payment.receipt)],
        action: { label: words.action, url: invoiceUrl },
        footnote: words.footnote,
        language,
      });
      await queueEmail(tx, afterCommit, {
        template: "invoice.paid",
        to: person.email,
        businessId: payment.businessId,
        email: { subject: words.subject(amount, number, businessName), ...body },
      });
    }
  }
  if (!customer?.email) return;
  // The customer's receipt is in the customer's language, like their invoices.
  const language = toLanguage(customer.language);
  const words = ALERT_TEXT[language].receiptEmail;
  const amount = amountIn(language);
  const body = renderLayout({
    preheader: words.preheader(businessName, amount, invoice.invoiceNumber ?? ""),
    heading: words.heading(amount),
    paragraphs: [
      words.hello(customer.name),
      words.body(businessName, amount, invoice.invoiceNumber ?? "", payment.receipt),
      words.thanks,
    ],
    action: { label: words.action, url: `${ctx.config.appUrl}/i/${invoice.publicToken}` },
    language,
  });
  await queueEmail(tx, afterCommit, {
    template: "mpesa.payment-receipt",
    to: customer.email,
    businessId: payment.businessId,
    email: { subject: words.subject(amount, invoice.invoiceNumber ?? "", businessName), ...body },
  });
}
