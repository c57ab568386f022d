import { humanResultMessage, msisdnMatchesPhone, type TransactionStatusResultEvent } from "@kavi/daraja";
import { type DbOrTx, mpesaPayments, mpesaSettings } from "@kavi/db";
import { formatMoney } from "@kavi/domain";
import { and, eq, lt, sql } from "drizzle-orm";
import { type Actor, recordActivity, SYSTEM_ACTOR } from "../activity";
import type { ServiceContext } from "../service-context";
import { inTransaction } from "../unit-of-work";
import { applyConfirmedC2bPayment, isBusinessShortcode } from "./c2b";
import { callbackUrlsFor, createDarajaClient, loadMpesaCredentials } from "./settings";
import { announcePayment, type SettlementContext } from "./settlement";

type TPaymentRow = typeof mpesaPayments.$inferSelect;

/** What a callback claimed about money received, to be compared with what Daraja says when asked. */
export interface ClaimedPayment {
  receipt: string;
  amountMinor: bigint;
  /** 2547XXXXXXXX when the callback carried a plain number. */
  phone: string | null;
  /** The numbers that may have been paid: the business's Paybill/Till and a Till's store number. */
  shortcodes: { shortcode: string; storeNumber: string | null };
}

/** "254708374149 - John Doe" → "254708374149"; "600782 - Our Shop" → "600782". */
function leadingNumber(partyName: string | undefined): string | null {
  const match = /^\s*([0-9*]+)\s*(?:-|$)/.exec(partyName ?? "");
  return match?.[1] ?? null;
}

/**
 * Why Daraja's Transaction Status result does not confirm a claimed payment, or null when it does. Credit only
 * when the query succeeded, the transaction is Completed, and the receipt, amount, paid shortcode and (when both
 * sides show it) the payer's number all agree (docs/security.md, "M-Pesa callbacks").
 */
export function findStatusDisagreement(
  claim: ClaimedPayment,
  event: TransactionStatusResultEvent,
): string | null {
  if (!event.success) {
    return `M-Pesa could not confirm this payment (${event.resultCode}: ${event.resultDesc || humanResultMessage(event.resultCode)}).`;
  }
  if (event.transactionStatus !== "Completed") {
    return `M-Pesa says the transaction is "${event.transactionStatus ?? "unknown"}", not completed.`;
  }
  if (event.receipt !== claim.receipt) {
    return `M-Pesa's receipt ${event.receipt ?? "(none)"} differs from the callback's ${claim.receipt}.`;
  }
  if (event.amountMinor !== claim.amountMinor) {
    const confirmed = event.amountMinor === undefined ? "no amount" : formatMoney(event.amountMinor, "KES");
    return `M-Pesa confirms ${confirmed}, but the callback said ${formatMoney(claim.amountMinor, "KES")}.`;
  }
  const paid = leadingNumber(event.creditPartyName);
  if (!paid || !isBusinessShortcode(claim.shortcodes, paid)) {
    return `M-Pesa says ${paid ?? "someone else"} was paid, not this business's ${claim.shortcodes.shortcode}.`;
  }
  const payer = leadingNumber(event.debitPartyName);
  if (claim.phone && payer && !payer.includes("*") && !msisdnMatchesPhone(payer, claim.phone)) {
    return `M-Pesa says ${payer} paid, but the callback named another phone.`;
  }
  return null;
}

/** The numbers a business may be paid on. */
async function shortcodesOf(tx: DbOrTx, businessId: string) {
  const [row] = await tx
    .select({ shortcode: mpesaSettings.shortcode, storeNumber: mpesaSettings.storeNumber })
    .from(mpesaSettings)
    .where(eq(mpesaSettings.businessId, businessId))
    .limit(1);
  return row ?? null;
}

/** Moves a payment that cannot be confirmed to the Unreconciled inbox, with the reason, and tells the team. */
export async function moveToInbox(context: SettlementContext, payment: TPaymentRow, reason: string) {
  await context.tx
    .update(mpesaPayments)
    .set({ status: "unreconciled", unreconciledReason: reason })
    .where(eq(mpesaPayments.id, payment.id));
  await recordActivity(context.tx, context.actor, {
    action: "mpesa.c2b_unreconciled",
    entityType: "mpesa_payment",
    entityId: payment.id,
    metadata: { receipt: payment.receipt, amountMinor: payment.amountMinor.toString(), reason },
  });
  await announcePayment(context, {
    businessId: payment.businessId,
    amountMinor: payment.amountMinor,
    currency: payment.currency,
    receipt: payment.receipt,
    invoiceId: null,
    customerId: null,
    requestedByUserId: null,
    applied: false,
  });
}

/** Runs `work` with the payment locked, if it is still waiting for its confirmation. */
async function withConfirmingPayment<T>(
  ctx: ServiceContext,
  mpesaPaymentId: string,
  work: (context: SettlementContext, payment: TPaymentRow) => Promise<T>,
): Promise<T | "not-needed"> {
  return inTransaction(ctx, async (tx, afterCommit) => {
    const [payment] = await tx
      .select()
      .from(mpesaPayments)
      .where(eq(mpesaPayments.id, mpesaPaymentId))
      .for("update");
    if (payment?.status !== "confirming") return "not-needed" as const;
    const actor: Actor = { ...SYSTEM_ACTOR, businessId: payment.businessId };
    return work({ tx, afterCommit, actor, ctx }, payment);
  });
}

/**
 * Worker: asks Daraja's Transaction Status about a payment a C2B callback announced. The answer comes back as a
 * status result callback (settlePaymentStatusResult); this job re-enqueues itself along `confirmationDelaysMs`
 * in case it never does, and after the last try leaves the payment in the Unreconciled inbox for a person.
 */
export async function confirmReceivedPayment(ctx: ServiceContext, mpesaPaymentId: string, attempt: number) {
  const [payment] = await ctx.db
    .select()
    .from(mpesaPayments)
    .where(eq(mpesaPayments.id, mpesaPaymentId))
    .limit(1);
  if (payment?.status !== "confirming" || !payment.receipt) return "not-needed" as const;
  const receipt = payment.receipt;
  const giveUp = (reason: string) =>
    withConfirmingPayment(ctx, mpesaPaymentId, async (context, locked) => {
      await moveToInbox(context, locked, reason);
      return "unconfirmed" as const;
    });
  let credentials: Awaited<ReturnType<typeof loadMpesaCredentials>>;
  try {
    credentials = await loadMpesaCredentials(ctx.db, ctx.config.mpesa, payment.businessId);
  } catch {
    return giveUp("Not applied: M-Pesa is not set up, so KAVI could not confirm this payment.");
  }
  if (!credentials.initiator) {
    return giveUp(
      "Not applied: KAVI confirms every payment with M-Pesa before using it, which needs the API initiator (Settings → M-Pesa). Check the M-Pesa statement before matching it.",
    );
  }
  if (attempt > ctx.config.mpesa.confirmationDelaysMs.length) {
    return giveUp(
      "Not applied: M-Pesa did not confirm this payment when asked. Check the M-Pesa statement before matching it.",
    );
  }
  const urls = callbackUrlsFor(ctx.config.mpesa, credentials.callbackToken);
  await ctx.db
    .update(mpesaPayments)
    .set({ confirmationAttempts: sql`${mpesaPayments.confirmationAttempts} + 1` })
    .where(eq(mpesaPayments.id, payment.id));
  try {
    const accepted = await createDarajaClient(ctx.config.mpesa, credentials).transactionStatus({
      transactionId: receipt,
      partyA: credentials.shortcode,
      identifierType: credentials.accountType === "till" ? "till" : "shortcode",
      remarks: "Confirm payment",
      resultUrl: `${urls.statusResult}/${payment.id}`,
      queueTimeOutUrl: `${urls.statusTimeout}/${payment.id}`,
    });
    await ctx.db
      .update(mpesaPayments)
      .set({ confirmationConversationId: accepted.conversationId || accepted.originatorConversationId })
      .where(and(eq(mpesaPayments.id, payment.id), eq(mpesaPayments.status, "confirming")));
  } catch (error) {
    ctx.logger.warn({ err: error, mpesaPaymentId }, "payment confirmation query failed; asking again later");
  }
  const delay = ctx.config.mpesa.confirmationDelaysMs[attempt];
  try {
    // The next try (or, after the last one, the give-up) in case the result never comes.
    await ctx.jobs.enqueue(
      "mpesa.confirm-payment",
      { mpesaPaymentId, attempt: attempt + 1 },
      { delayMs: delay ?? ctx.config.mpesa.confirmationDelaysMs.at(-1) ?? 60_000 },
    );
  } catch (error) {
    ctx.logger.warn({ err: error, mpesaPaymentId }, "next confirmation not scheduled; the sweeper will");
  }
  return "queried" as const;
}

/** Raised while our query's ConversationID is not recorded yet: the callback job is retried shortly. */
export class ConfirmationNotRecordedError extends Error {
  override name = "ConfirmationNotRecordedError";
}

/**
 * A Transaction Status result for a received payment. Only the result of our own latest query counts (its
 * ConversationID was returned to us alone, so a forged result cannot name it); if it agrees with the callback the
 * payment is applied, otherwise it goes to the Unreconciled inbox with the reason.
 */
export async function settlePaymentStatusResult(
  context: SettlementContext,
  payment: TPaymentRow,
  event: TransactionStatusResultEvent,
) {
  if (payment.status !== "confirming") return "already-settled" as const;
  if (!payment.confirmationConversationId) {
    // No query asked yet: nothing can be ours. One asked but not recorded yet: try again shortly.
    if (payment.confirmationAttempts === 0) return "no-query-asked" as const;
    throw new ConfirmationNotRecordedError("status result arrived before its query was recorded");
  }
  const ids = [event.conversationId, event.originatorConversationId].filter(Boolean);
  if (!ids.includes(payment.confirmationConversationId)) return "not-our-query" as const;
  const shortcodes = await shortcodesOf(context.tx, payment.businessId);
  const disagreement = shortcodes
    ? findStatusDisagreement(
        {
          receipt: payment.receipt ?? "",
          amountMinor: payment.amountMinor,
          phone: payment.phone,
          shortcodes,
        },
        event,
      )
    : "M-Pesa is no longer set up for this business.";
  if (disagreement) {
    await moveToInbox(context, payment, `Not applied: ${disagreement}`);
    return "disagrees" as const;
  }
  return applyConfirmedC2bPayment(context, payment);
}

/** Finds a payment a status result callback names (our ResultURL carries the payment's id). */
export async function lockPaymentForStatus(tx: DbOrTx, businessId: string, subjectId: string | null) {
  if (!subjectId) return null;
  const [payment] = await tx
    .select()
    .from(mpesaPayments)
    .where(and(eq(mpesaPayments.businessId, businessId), eq(mpesaPayments.id, subjectId)))
    .for("update");
  return payment ?? null;
}

/** Sweeper: payments confirming for long (their confirmation chain was lost) get a fresh query. */
export async function sweepConfirmingPayments(ctx: ServiceContext) {
  const before = new Date(ctx.now().getTime() - 10 * 60_000);
  const stale = await ctx.db
    .select({ id: mpesaPayments.id, attempts: mpesaPayments.confirmationAttempts })
    .from(mpesaPayments)
    .where(and(eq(mpesaPayments.status, "confirming"), lt(mpesaPayments.updatedAt, before)))
    .limit(200);
  for (const payment of stale) {
    try {
      await ctx.jobs.enqueue(
        "mpesa.confirm-payment",
        { mpesaPaymentId: payment.id, attempt: Math.min(100, payment.attempts + 1) },
        { jobId: `mpesa-payment-confirm-${payment.id}-sweep-${payment.attempts}` },
      );
    } catch (error) {
      ctx.logger.warn({ err: error }, "sweep could not enqueue a payment confirmation");
      break;
    }
  }
  return stale.length;
}
