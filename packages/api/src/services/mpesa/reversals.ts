import { isOutcomeUnknown, type ReversalResultEvent, type TransactionStatusResultEvent } from "@kavi/daraja";
import { type DbOrTx, mpesaPayments, mpesaReversals, type Transaction, users } from "@kavi/db";
import { formatMoney, LANGUAGE_LOCALES, mpesaReason } from "@kavi/domain";
import { and, desc, eq, inArray } from "drizzle-orm";
import { ALERT_TEXT } from "../../email/templates/alerts";
import { AppError } from "../../errors";
import { recordActivity, SYSTEM_ACTOR } from "../activity";
import { notify } from "../notifications";
import type { ServiceContext } from "../service-context";
import { inTransaction } from "../unit-of-work";
import { inEveryLanguage, type LocalizedText } from "../user-language";
import { bookTransaction } from "./ledger-bridge";
import {
  callbackUrlsFor,
  createDarajaClient,
  describeDarajaFailure,
  loadMpesaCredentials,
  MPESA_NOT_SET_UP,
} from "./settings";
import type { SettlementContext } from "./settlement";

/**
 * Reversing a payment received by mistake (the wrong Paybill, the wrong amount): one member asks, a different
 * member with payments.reversal.approve approves (maker-checker), the worker sends Daraja's Reversal request,
 * and nothing is booked until a Transaction Status query confirms the reversal. The reversal row is locked and
 * moved from "confirming" to "reversed" in the same transaction as the ledger entry, so it is booked once.
 */

/** Payments that may be reversed: money that settled nothing (the inbox) or that was booked as plain income. */
const REVERSIBLE_STATUSES = ["unreconciled", "booked"] as const;

/** A reversal in one of these stands: the payment may not be asked to be reversed again. */
const LIVE_REVERSAL_STATUSES = [
  "awaiting_approval",
  "approved",
  "sending",
  "sent",
  "confirming",
  "reversed",
] as const satisfies readonly TReversalRow["status"][];

/** Whether a payment may be asked to be reversed, leaving aside reversals already asked for. */
export function isReversiblePayment(payment: { status: string; receipt: string | null }): boolean {
  return (REVERSIBLE_STATUSES as readonly string[]).includes(payment.status) && payment.receipt !== null;
}

/** The payment's own page: where the requester of a reversal is taken by its notifications. */
export const mpesaPaymentLink = (businessId: string, mpesaPaymentId: string) =>
  `/b/${businessId}/mpesa/payments/${mpesaPaymentId}`;

/** Whether a reversal of the payment is already asked for, under way or done. */
export async function hasLiveReversal(tx: DbOrTx, mpesaPaymentId: string): Promise<boolean> {
  const [live] = await tx
    .select({ id: mpesaReversals.id })
    .from(mpesaReversals)
    .where(
      and(
        eq(mpesaReversals.mpesaPaymentId, mpesaPaymentId),
        inArray(mpesaReversals.status, [...LIVE_REVERSAL_STATUSES]),
      ),
    )
    .limit(1);
  return live !== undefined;
}

async function notifyRequester(
  tx: DbOrTx,
  reversal: TReversalRow,
  title: LocalizedText,
  body: LocalizedText,
) {
  if (!reversal.requestedByUserId) return;
  await notify(tx, {
    userIds: [reversal.requestedByUserId],
    businessId: reversal.businessId,
    kind: "mpesa.reversal_decided",
    title,
    body,
    link: mpesaPaymentLink(reversal.businessId, reversal.mpesaPaymentId),
    data: { reversalId: reversal.id, mpesaPaymentId: reversal.mpesaPaymentId },
  });
}

export type TReversalRow = typeof mpesaReversals.$inferSelect;

async function lockReversal(tx: DbOrTx, businessId: string, reversalId: string | null) {
  if (!reversalId) return null;
  const [row] = await tx
    .select()
    .from(mpesaReversals)
    .where(and(eq(mpesaReversals.id, reversalId), eq(mpesaReversals.businessId, businessId)))
    .for("update");
  return row ?? null;
}

async function lockOwnReversal(tx: DbOrTx, businessId: string, reversalId: string): Promise<TReversalRow> {
  const row = await lockReversal(tx, businessId, reversalId);
  if (!row) throw new AppError("NOT_FOUND", "Reversal not found");
  return row;
}

/** The maker: asks for a payment to be sent back. */
export async function requestReversal(
  ctx: ServiceContext,
  businessId: string,
  input: { mpesaPaymentId: string; reason: string },
): Promise<TReversalRow> {
  return inTransaction(ctx, async (tx) => {
    const [payment] = await tx
      .select()
      .from(mpesaPayments)
      .where(and(eq(mpesaPayments.id, input.mpesaPaymentId), eq(mpesaPayments.businessId, businessId)))
      .for("update");
    if (!payment) throw new AppError("NOT_FOUND", "Payment not found");
    if (!isReversiblePayment(payment) || !payment.receipt) {
      throw new AppError(
        "PRECONDITION_FAILED",
        payment.status === "applied"
          ? "This payment settles an invoice: only money in the unreconciled inbox, or booked as income, can be reversed."
          : "This payment cannot be reversed.",
      );
    }
    if (await hasLiveReversal(tx, payment.id))
      throw new AppError("CONFLICT", "A reversal of this payment is already asked for.");
    const [created] = await tx
      .insert(mpesaReversals)
      .values({
        businessId,
        mpesaPaymentId: payment.id,
        receipt: payment.receipt,
        amountMinor: payment.amountMinor,
        currency: payment.currency,
        reason: input.reason,
        requestedByUserId: ctx.actor.userId,
      })
      .returning();
    if (!created) throw new Error("reversal not stored");
    await recordActivity(tx, ctx.actor, {
      action: "mpesa.reversal_requested",
      entityType: "mpesa_reversal",
      entityId: created.id,
      metadata: {
        receipt: payment.receipt,
        amountMinor: payment.amountMinor.toString(),
        reason: input.reason,
      },
    });
    return created;
  });
}

/** The checker: a different member approves; the worker then sends the reversal to Daraja. */
export async function approveReversal(ctx: ServiceContext, businessId: string, reversalId: string) {
  return inTransaction(ctx, async (tx, afterCommit) => {
    const reversal = await lockOwnReversal(tx, businessId, reversalId);
    if (reversal.status !== "awaiting_approval") {
      throw new AppError("CONFLICT", "This reversal is no longer waiting for approval.");
    }
    if (reversal.requestedByUserId !== null && reversal.requestedByUserId === ctx.actor.userId) {
      throw new AppError("FORBIDDEN", "You asked for this reversal, so another owner has to approve it.");
    }
    const [approved] = await tx
      .update(mpesaReversals)
      .set({
        status: "approved",
        decidedByUserId: ctx.actor.userId,
        decidedAt: ctx.now(),
        updatedAt: ctx.now(),
      })
      .where(eq(mpesaReversals.id, reversal.id))
      .returning();
    await recordActivity(tx, ctx.actor, {
      action: "mpesa.reversal_approved",
      entityType: "mpesa_reversal",
      entityId: reversal.id,
      changes: { status: { before: "awaiting_approval", after: "approved" } },
      metadata: { receipt: reversal.receipt },
    });
    await notifyRequester(
      tx,
      reversal,
      inEveryLanguage((language) =>
        ALERT_TEXT[language].mpesa.reversalApproved(
          formatMoney(reversal.amountMinor, reversal.currency, { locale: LANGUAGE_LOCALES[language] }),
        ),
      ),
      inEveryLanguage((language) => ALERT_TEXT[language].mpesa.reversalApprovedBody(reversal.receipt)),
    );
    afterCommit.enqueue("mpesa.send-reversal", { reversalId: reversal.id });
    return approved ?? reversal;
  });
}

export async function rejectReversal(
  ctx: ServiceContext,
  businessId: string,
  reversalId: string,
  reason: string,
) {
  return inTransaction(ctx, async (tx) => {
    const reversal = await lockOwnReversal(tx, businessId, reversalId);
    if (reversal.status !== "awaiting_approval") {
      throw new AppError("CONFLICT", "This reversal is no longer waiting for approval.");
    }
    const [rejected] = await tx
      .update(mpesaReversals)
      .set({
        status: "rejected",
        decidedByUserId: ctx.actor.userId,
        decidedAt: ctx.now(),
        rejectionReason: reason,
        updatedAt: ctx.now(),
      })
      .where(eq(mpesaReversals.id, reversal.id))
      .returning();
    await recordActivity(tx, ctx.actor, {
      action: "mpesa.reversal_rejected",
      entityType: "mpesa_reversal",
      entityId: reversal.id,
      changes: { status: { before: "awaiting_approval", after: "rejected" } },
      metadata: { reason },
    });
    await notifyRequester(
      tx,
      reversal,
      inEveryLanguage((language) =>
        ALERT_TEXT[language].mpesa.reversalRejected(
          formatMoney(reversal.amountMinor, reversal.currency, { locale: LANGUAGE_LOCALES[language] }),
        ),
      ),
      inEveryLanguage((language) =>
        ALERT_TEXT[language].mpesa.reversalRejectedBody(reversal.receipt, reason),
      ),
    );
    return rejected ?? reversal;
  });
}

/** A payment's reversals, newest first, with who asked and who decided (the payment's page). */
export async function listReversals(db: DbOrTx, businessId: string, mpesaPaymentId: string | null) {
  if (mpesaPaymentId) {
    const [payment] = await db
      .select({ id: mpesaPayments.id })
      .from(mpesaPayments)
      .where(and(eq(mpesaPayments.id, mpesaPaymentId), eq(mpesaPayments.businessId, businessId)));
    if (!payment) throw new AppError("NOT_FOUND", "Payment not found");
  }
  return db
    .select({
      id: mpesaReversals.id,
      mpesaPaymentId: mpesaReversals.mpesaPaymentId,
      receipt: mpesaReversals.receipt,
      amountMinor: mpesaReversals.amountMinor,
      currency: mpesaReversals.currency,
      reason: mpesaReversals.reason,
      status: mpesaReversals.status,
      requestedByUserId: mpesaReversals.requestedByUserId,
      requestedByName: users.fullName,
      rejectionReason: mpesaReversals.rejectionReason,
      failureReason: mpesaReversals.failureReason,
      reversalReceipt: mpesaReversals.reversalReceipt,
      createdAt: mpesaReversals.createdAt,
      completedAt: mpesaReversals.completedAt,
    })
    .from(mpesaReversals)
    .leftJoin(users, eq(users.id, mpesaReversals.requestedByUserId))
    .where(
      and(
        eq(mpesaReversals.businessId, businessId),
        mpesaPaymentId ? eq(mpesaReversals.mpesaPaymentId, mpesaPaymentId) : undefined,
      ),
    )
    .orderBy(desc(mpesaReversals.createdAt))
    .limit(100);
}

async function failReversal(ctx: ServiceContext, reversalId: string, reason: string) {
  await inTransaction(ctx, async (tx) => {
    const [failed] = await tx
      .update(mpesaReversals)
      .set({ status: "failed", failureReason: reason, completedAt: ctx.now(), updatedAt: ctx.now() })
      .where(
        and(
          eq(mpesaReversals.id, reversalId),
          inArray(mpesaReversals.status, ["sending", "sent", "confirming"]),
        ),
      )
      .returning();
    if (failed) {
      await recordActivity(
        tx,
        { ...SYSTEM_ACTOR, businessId: failed.businessId },
        {
          action: "mpesa.reversal_failed",
          entityType: "mpesa_reversal",
          entityId: reversalId,
          metadata: { reason },
        },
      );
    }
  });
}

/** The send job: hands one approved reversal to Daraja, once (a reversal that may have left is never re-sent). */
export async function sendReversal(ctx: ServiceContext, reversalId: string) {
  const [claimed] = await ctx.db
    .update(mpesaReversals)
    .set({ status: "sending", updatedAt: ctx.now() })
    .where(and(eq(mpesaReversals.id, reversalId), eq(mpesaReversals.status, "approved")))
    .returning();
  if (!claimed) return "not-approved" as const;
  const [payment] = await ctx.db
    .select({ shortcode: mpesaPayments.shortcode })
    .from(mpesaPayments)
    .where(eq(mpesaPayments.id, claimed.mpesaPaymentId));
  let credentials: Awaited<ReturnType<typeof loadMpesaCredentials>>;
  try {
    credentials = await loadMpesaCredentials(ctx.db, ctx.config.mpesa, claimed.businessId);
  } catch {
    await failReversal(ctx, reversalId, MPESA_NOT_SET_UP);
    return "failed" as const;
  }
  if (!credentials.initiator) {
    await failReversal(ctx, reversalId, "Reversals need the API initiator: add it in Settings → M-Pesa.");
    return "failed" as const;
  }
  const urls = callbackUrlsFor(ctx.config.mpesa, credentials.callbackToken);
  try {
    const accepted = await createDarajaClient(ctx.config.mpesa, credentials).reversal({
      transactionId: claimed.receipt,
      amountMinor: claimed.amountMinor,
      receiverParty: payment?.shortcode ?? credentials.shortcode,
      remarks: claimed.reason.length >= 2 ? claimed.reason : "Reversal",
      resultUrl: `${urls.reversalResult}/${claimed.id}`,
      queueTimeOutUrl: `${urls.reversalTimeout}/${claimed.id}`,
    });
    await ctx.db
      .update(mpesaReversals)
      .set({
        status: "sent",
        conversationId: accepted.conversationId,
        originatorConversationId: accepted.originatorConversationId,
        updatedAt: ctx.now(),
      })
      .where(and(eq(mpesaReversals.id, reversalId), eq(mpesaReversals.status, "sending")));
    return "sent" as const;
  } catch (error) {
    if (isOutcomeUnknown(error)) {
      // It may have reached Daraja: never sent again; its result callback (or a person) settles it.
      ctx.logger.warn({ err: error, reversalId }, "reversal reply lost; waiting for its result");
      return "unknown" as const;
    }
    await failReversal(ctx, reversalId, describeDarajaFailure(error));
    return "failed" as const;
  }
}

function sameConversation(
  reversal: TReversalRow,
  event: { conversationId: string; originatorConversationId: string },
) {
  return (
    (reversal.conversationId !== null && reversal.conversationId === event.conversationId) ||
    (reversal.originatorConversationId !== null &&
      reversal.originatorConversationId === event.originatorConversationId)
  );
}

type CallbackFacts = { businessId: string; subjectId: string | null; sourceAllowed: boolean | null };

/**
 * The reversal's result callback is a claim: it moves the reversal to "confirming" and a Transaction Status
 * query is asked at once; only the query's answer books anything (settleReversalStatus).
 */
export async function settleReversalResult(
  context: SettlementContext,
  callback: CallbackFacts,
  event: ReversalResultEvent | null,
): Promise<string> {
  const reversal = await lockReversal(context.tx, callback.businessId, callback.subjectId);
  if (!reversal) return "unmatched";
  if (reversal.status !== "sent" && reversal.status !== "sending") return "already-settled";
  if (event && !sameConversation(reversal, event)) return "mismatched";
  if (callback.sourceAllowed === false) return "untrusted-source";
  await context.tx
    .update(mpesaReversals)
    .set({
      status: "confirming",
      claimedResult: event ? (event.success ? "reversed" : event.resultCode.slice(0, 40)) : "timeout",
      reversalReceipt: event?.success ? (event.transactionId ?? null) : null,
      updatedAt: context.ctx.now(),
    })
    .where(eq(mpesaReversals.id, reversal.id));
  context.afterCommit.enqueue(
    "mpesa.confirm-reversal",
    { reversalId: reversal.id, attempt: 1 },
    { jobId: `mpesa-reversal-confirm-${reversal.id}-1` },
  );
  return "confirming";
}

/** The confirm job: a Transaction Status query for the reversal; re-enqueues itself until answered or given up. */
export async function confirmReversal(ctx: ServiceContext, reversalId: string, attempt: number) {
  const [reversal] = await ctx.db.select().from(mpesaReversals).where(eq(mpesaReversals.id, reversalId));
  if (reversal?.status !== "confirming") return "not-needed" as const;
  const delays = ctx.config.mpesa.confirmationDelaysMs;
  if (attempt > delays.length) {
    await failReversal(
      ctx,
      reversalId,
      "M-Pesa did not confirm the reversal when asked. Check the M-Pesa statement before asking again.",
    );
    return "unconfirmed" as const;
  }
  try {
    const credentials = await loadMpesaCredentials(ctx.db, ctx.config.mpesa, reversal.businessId);
    const urls = callbackUrlsFor(ctx.config.mpesa, credentials.callbackToken);
    const target = reversal.reversalReceipt
      ? { transactionId: reversal.reversalReceipt }
      : { originalConversationId: reversal.conversationId ?? reversal.originatorConversationId ?? "" };
    const accepted = await createDarajaClient(ctx.config.mpesa, credentials).transactionStatus({
      ...target,
      partyA: credentials.shortcode,
      identifierType: credentials.accountType === "till" ? "till" : "shortcode",
      remarks: "Confirm reversal",
      resultUrl: `${urls.statusResult}/${reversal.id}`,
      queueTimeOutUrl: `${urls.statusTimeout}/${reversal.id}`,
    });
    await ctx.db
      .update(mpesaReversals)
      .set({ statusConversationId: accepted.conversationId || accepted.originatorConversationId })
      .where(and(eq(mpesaReversals.id, reversal.id), eq(mpesaReversals.status, "confirming")));
  } catch (error) {
    ctx.logger.warn({ err: error, reversalId }, "reversal confirmation query failed; asking again later");
  }
  await ctx.jobs.enqueue(
    "mpesa.confirm-reversal",
    { reversalId, attempt: attempt + 1 },
    { delayMs: delays[attempt] ?? delays.at(-1) ?? 60_000 },
  );
  return "asked" as const;
}

/** A status result whose ResultURL named a reversal of this business, locked; null when it names none. */
export async function lockReversalForStatus(tx: Transaction, businessId: string, subjectId: string | null) {
  return lockReversal(tx, businessId, subjectId);
}

/**
 * Daraja's Transaction Status answer for a reversal: the only thing that books it. The answer must be for our
 * latest query and say the reversal completed for the same amount; then the payment is marked reversed and, if
 * it had been booked as income, the money leaving is booked against it, in this one transaction.
 */
export async function settleReversalStatus(
  context: SettlementContext,
  reversal: TReversalRow,
  callback: Pick<CallbackFacts, "sourceAllowed">,
  event: TransactionStatusResultEvent,
): Promise<string> {
  if (reversal.status !== "confirming") return "already-settled";
  if (!reversal.statusConversationId || reversal.statusConversationId !== event.conversationId) {
    if (reversal.statusConversationId !== event.originatorConversationId) return "mismatched";
  }
  if (callback.sourceAllowed === false) return "untrusted-source";
  const { tx, ctx } = context;
  const now = ctx.now();
  const completed = event.success && event.transactionStatus === "Completed";
  if (!completed) {
    if (reversal.claimedResult === "reversed") return "not-confirmed-yet";
    await tx
      .update(mpesaReversals)
      .set({
        status: "failed",
        failureReason: mpesaReason("reversalRefused", event.resultDesc),
        completedAt: now,
        updatedAt: now,
      })
      .where(eq(mpesaReversals.id, reversal.id));
    await recordActivity(tx, context.actor, {
      action: "mpesa.reversal_failed",
      entityType: "mpesa_reversal",
      entityId: reversal.id,
      metadata: { resultDesc: event.resultDesc },
    });
    return "reversal-failed";
  }
  if (event.amountMinor !== undefined && event.amountMinor !== reversal.amountMinor) {
    return "reversal-amount-disagrees";
  }
  const [payment] = await tx
    .select()
    .from(mpesaPayments)
    .where(eq(mpesaPayments.id, reversal.mpesaPaymentId))
    .for("update");
  if (!payment) return "unmatched";
  const reversalReceipt = event.receipt ?? reversal.reversalReceipt ?? reversal.id;
  let transactionId: string | null = null;
  if (payment.status === "booked") {
    const booked = await bookTransaction(
      tx,
      context.actor,
      {
        businessId: reversal.businessId,
        type: "expense",
        amountMinor: reversal.amountMinor,
        currency: reversal.currency,
        transactionDate: event.finalisedAt ?? now,
        externalId: `reversal-${reversalReceipt}`,
        description: `M-Pesa reversal of ${reversal.receipt}: ${reversal.reason}`,
        source: "mpesa",
      },
      context.afterCommit,
    );
    transactionId = booked.transactionId;
  }
  await tx
    .update(mpesaPayments)
    .set({ status: "reversed", resolvedAt: now })
    .where(eq(mpesaPayments.id, payment.id));
  await tx
    .update(mpesaReversals)
    .set({ status: "reversed", reversalReceipt, transactionId, completedAt: now, updatedAt: now })
    .where(eq(mpesaReversals.id, reversal.id));
  await recordActivity(tx, context.actor, {
    action: "mpesa.reversal_completed",
    entityType: "mpesa_reversal",
    entityId: reversal.id,
    changes: { status: { before: "confirming", after: "reversed" } },
    metadata: { receipt: reversal.receipt, reversalReceipt, transactionId },
  });
  return "reversed";
}
