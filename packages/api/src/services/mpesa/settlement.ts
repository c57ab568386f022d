import { randomUUID } from "node:crypto";
import { humanResultMessage, STK_RESULT_CODES } from "@kavi/daraja";
import {
  businesses,
  customers,
  insertRows,
  invoicePayments,
  invoices,
  memberships,
  mpesaPaymentRequests,
  mpesaPayments,
  type Transaction,
  transactions,
  users,
} from "@kavi/db";
import { formatMoney, LANGUAGE_LOCALES, type Language, mpesaResultMessage, toLanguage } from "@kavi/domain";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { renderLayout } from "../../email/layout";
import { ALERT_TEXT } from "../../email/templates/alerts";
import { AppError } from "../../errors";
import { type ActivityEntry, type Actor, recordActivities, recordActivity } from "../activity";
import { type QueueEmailInput, queueEmails } from "../email-outbox";
import { recipientsWhoWant } from "../notification-preferences";
import { type NotificationInput, notify, notifyAll } from "../notifications";
import type { ServiceContext } from "../service-context";
import type { AfterCommit } from "../unit-of-work";
import { inEveryLanguage, languagesOfUsers } from "../user-language";
import { announcePaymentsReceived } from "../webhooks/domain-events";
import {
  type AppliedPayment,
  type ApplyAttempt,
  type ApplyToInvoiceInput,
  applyToInvoices,
  lockInvoicesBeforePayments,
} from "./ledger-bridge";

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

export type { ApplyAttempt };

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
  await settleStkSuccesses(context, [{ request, success }]);
}

export interface PaidRequest {
  request: TRequestRow;
  success: StkSuccess;
}

/**
 * settleStkSuccess for a batch of one business's paid requests (locked, open, distinct), by the same rules, one
 * statement per table. An application the books refuse leaves that payment in the Unreconciled inbox, as alone.
 */
export async function settleStkSuccesses(context: SettlementContext, paid: readonly PaidRequest[]) {
  const receipts = paid.map((item) => item.success.receipt).filter((receipt) => receipt !== null);
  if (new Set(receipts).size !== receipts.length) {
    // The same receipt on two requests (never from M-Pesa itself): one after the other, so the second sees the first.
    for (const item of paid) await settleStkSuccesses(context, [item]);
    return;
  }
  if (paid.length === 0) return;
  const { tx, actor, ctx } = context;
  const now = ctx.now();
  await tx.execute(sql`
    update mpesa_payment_requests r set status = 'paid', receipt = x.receipt, paid_amount_minor = x.amount,
           paid_at = x.paid_at, result_code = ${STK_RESULT_CODES.success}, failure_reason = null,
           settled_by = x.settled_by, settled_at = ${now.toISOString()}::timestamptz,
           updated_at = ${new Date().toISOString()}::timestamptz
    from unnest(${sql.param(paid.map((item) => item.request.id))}::uuid[],
                ${sql.param(paid.map((item) => item.success.receipt))}::varchar[],
                ${sql.param(paid.map((item) => item.success.amountMinor.toString()))}::bigint[],
                ${sql.param(paid.map((item) => item.success.paidAt.toISOString()))}::timestamptz[],
                ${sql.param(paid.map((item) => item.success.settledBy))}::text[])
         as x(id, receipt, amount, paid_at, settled_by)
    where r.id = x.id`);

  // The same receipt may already be here: for a Paybill, M-Pesa also sends STK payments to the C2B URL.
  const known =
    receipts.length > 0
      ? await tx
          .select({
            id: mpesaPayments.id,
            businessId: mpesaPayments.businessId,
            receipt: mpesaPayments.receipt,
            status: mpesaPayments.status,
            paymentRequestId: mpesaPayments.paymentRequestId,
          })
          .from(mpesaPayments)
          .where(
            and(
              inArray(mpesaPayments.businessId, [...new Set(paid.map((item) => item.request.businessId))]),
              inArray(mpesaPayments.receipt, receipts),
            ),
          )
          .for("update")
      : [];
  const knownByReceipt = new Map(known.map((row) => [`${row.businessId}|${row.receipt}`, row]));
  const activities: ActivityEntry[] = [];
  const toApply: (PaidRequest & { paymentId: string })[] = [];
  const toInsert: (typeof mpesaPayments.$inferInsert)[] = [];
  for (const item of paid) {
    const { request, success } = item;
    const found = success.receipt
      ? knownByReceipt.get(`${request.businessId}|${success.receipt}`)
      : undefined;
    if (found) {
      await tx
        .update(mpesaPayments)
        .set({ paymentRequestId: found.paymentRequestId ?? request.id })
        .where(eq(mpesaPayments.id, found.id));
      if (found.status !== "unreconciled") {
        activities.push({
          action: "mpesa.stk_paid",
          entityType: "mpesa_payment_request",
          entityId: request.id,
          businessId: request.businessId,
          metadata: { receipt: success.receipt, settledBy: success.settledBy, alreadyRecorded: true },
        });
        continue;
      }
      toApply.push({ ...item, paymentId: found.id });
      continue;
    }
    const paymentId = randomUUID();
    toInsert.push({
      id: paymentId,
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
    });
    toApply.push({ ...item, paymentId });
  }
  // The invoices first, then the rows that name them (a batch has locked them already; locking again is free).
  await lockInvoicesBeforePayments(
    tx,
    toApply.flatMap(({ request }) => (request.invoiceId ? [request.invoiceId] : [])),
  );
  await insertRows(tx, mpesaPayments, toInsert);

  const attempts = await applyToInvoicesOf(context, toApply);
  await tx.execute(sql`
    update mpesa_payments p set status = x.status::mpesa_payment_status, matched_by = coalesce(x.matched_by, p.matched_by), updated_at = ${new Date().toISOString()}::timestamptz,
           invoice_id = coalesce(x.invoice_id, p.invoice_id), transaction_id = coalesce(x.transaction_id, p.transaction_id),
           unreconciled_reason = x.reason
    from unnest(${sql.param(toApply.map((item) => item.paymentId))}::uuid[],
                ${sql.param(attempts.map((attempt) => (attempt.ok ? "applied" : "unreconciled")))}::text[],
                ${sql.param(attempts.map((attempt) => (attempt.ok ? "payment_request" : null)))}::text[],
                ${sql.param(toApply.map((item, index) => (attempts[index]?.ok ? item.request.invoiceId : null)))}::uuid[],
                ${sql.param(attempts.map((attempt) => (attempt.ok ? attempt.applied.transactionId : null)))}::uuid[],
                ${sql.param(attempts.map((attempt) => (attempt.ok ? null : attempt.reason)))}::text[])
         as x(id, status, matched_by, invoice_id, transaction_id, reason)
    where p.id = x.id`);

  toApply.forEach(({ request, success }, index) => {
    const applied = attempts[index] ?? { ok: false, reason: "" };
    activities.push({
      action: "mpesa.stk_paid",
      entityType: "mpesa_payment_request",
      entityId: request.id,
      businessId: request.businessId,
      metadata: {
        receipt: success.receipt,
        amountMinor: success.amountMinor.toString(),
        invoiceId: request.invoiceId,
        settledBy: success.settledBy,
        applied: applied.ok,
        ...(applied.ok ? {} : { unreconciledReason: applied.reason }),
      },
    });
  });
  await recordActivities(tx, actor, activities);
  await announcePayments(
    context,
    toApply.map(({ request, success }, index) => ({
      businessId: request.businessId,
      amountMinor: success.amountMinor,
      currency: request.currency,
      receipt: success.receipt,
      invoiceId: request.invoiceId,
      customerId: request.customerId,
      requestedByUserId: request.requestedByUserId,
      applied: attempts[index]?.ok ?? false,
    })),
  );
}

/**
 * Applies each paid request's money to its invoice, in one savepoint for the batch: a refusal is that payment's
 * (it waits in the inbox); a refusal of the whole call (the ledger's checks) retries each payment in its own.
 */
async function applyToInvoicesOf(
  context: SettlementContext,
  items: readonly PaidRequest[],
): Promise<ApplyAttempt[]> {
  const attempts: ApplyAttempt[] = items.map(({ success }) => ({
    ok: false,
    reason: success.disagreement ?? "The payment request is not linked to an invoice.",
  }));
  const applying = items.flatMap(({ request, success }, index) =>
    request.invoiceId && !success.disagreement
      ? [
          {
            index,
            input: {
              businessId: request.businessId,
              invoiceId: request.invoiceId,
              amountMinor: success.amountMinor,
              currency: request.currency,
              reference: success.receipt ?? request.checkoutRequestId ?? request.id,
              paidAt: success.paidAt,
              source: "mpesa_stk" as const,
              phone: success.phone ?? request.phone,
              notes: "Paid with the M-Pesa prompt",
            },
          },
        ]
      : [],
  );
  if (applying.length === 0) return attempts;
  const run = (inputs: ApplyToInvoiceInput[]) =>
    context.tx.transaction((savepoint) =>
      applyToInvoices(savepoint, context.actor, inputs, context.afterCommit),
    );
  let results: ApplyAttempt[];
  try {
    results = await run(applying.map((item) => item.input));
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    // The books refused the call as a whole: each payment alone, so only the one they refuse waits in the inbox.
    results = [];
    for (const { input } of applying) {
      try {
        results.push(...(await run([input])));
      } catch (alone) {
        if (!(alone instanceof AppError)) throw alone;
        results.push({ ok: false, reason: alone.userMessage });
      }
    }
  }
  for (const [position, { index }] of applying.entries()) {
    const result = results[position];
    if (result) attempts[index] = result;
  }
  return attempts;
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
      // The code's own sentence in each reader's language; a reason written for something else as written.
      body:
        failure.reason ??
        inEveryLanguage((language) =>
          mpesaResultMessage({ resultCode: failure.resultCode, resultDesc: failure.resultDesc }, language),
        ),
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
  await announcePayments(context, [payment]);
}

/** announcePayment for a batch: one insert of notifications, one of receipt emails, the webhook events together. */
export async function announcePayments(context: SettlementContext, payments: readonly Announcement[]) {
  if (payments.length === 0) return;
  const { tx, afterCommit, ctx } = context;
  const notices: NotificationInput[] = [];
  const receipts: QueueEmailInput[] = [];
  const teamEmails = new Map<string, Promise<InvoicePaidRecipient[]>>();
  for (const payment of payments) {
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
    notices.push({
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
    if (!payment.applied || !invoice) continue;
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
    // The team members who keep "An invoice is paid" on get an email in their own language.
    const team = await remember(teamEmails, watchers.join(","), () =>
      invoicePaidEmailRecipients(tx, watchers),
    );
    const invoiceUrl = `${ctx.config.appUrl}/b/${payment.businessId}/invoices/${payment.invoiceId}`;
    for (const person of team) {
      const words = ALERT_TEXT[person.language].invoicePaidEmail;
      const amount = amountIn(person.language);
      const number = invoice.invoiceNumber ?? "";
      const payer = customer?.name ?? ALERT_TEXT[person.language].mpesa.aCustomer;
      const body = renderLayout({
        preheader: words.heading(amount, number),
        heading: words.heading(amount, number),
        paragraphs: [words.body(payer, amount, number, payment.receipt)],
        action: { label: words.action, url: invoiceUrl },
        footnote: words.footnote,
        language: person.language,
      });
      receipts.push({
        template: "invoice.paid",
        to: person.email,
        businessId: payment.businessId,
        email: { subject: words.subject(amount, number, businessName), ...body },
      });
    }
    if (!customer?.email) continue;
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
    receipts.push({
      template: "mpesa.payment-receipt",
      to: customer.email,
      businessId: payment.businessId,
      email: { subject: words.subject(amount, invoice.invoiceNumber ?? "", businessName), ...body },
    });
  }
  await notifyAll(tx, notices);
  await announcePaymentsReceived(tx, afterCommit, payments, ctx.now());
  await queueEmails(tx, afterCommit, receipts);
}

interface InvoicePaidRecipient {
  email: string;
  language: Language;
}

/** Those of the watchers who keep the "An invoice is paid" email on, with their address and language. */
async function invoicePaidEmailRecipients(
  tx: Transaction,
  watchers: string[],
): Promise<InvoicePaidRecipient[]> {
  const emailed = await recipientsWhoWant(tx, watchers, "email", "invoice.paid");
  if (emailed.length === 0) return [];
  const languages = await languagesOfUsers(tx, emailed);
  const people = await tx
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(inArray(users.id, emailed));
  return people.map((person) => ({ email: person.email, language: languages.get(person.id) ?? "en" }));
}
