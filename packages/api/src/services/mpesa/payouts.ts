import { randomUUID } from "node:crypto";
import {
  type B2cResultEvent,
  DarajaError,
  DarajaValidationError,
  humanResultMessage,
  isOutcomeUnknown,
  type QueueTimeoutEvent,
  type TransactionStatusResultEvent,
} from "@kavi/daraja";
import { customers, type DbOrTx, mpesaPayouts, suppliers } from "@kavi/db";
import type { ZListPayoutsSchema, ZRequestPayoutSchema } from "@kavi/domain";
import { formatMoney, LANGUAGE_LOCALES } from "@kavi/domain";
import { and, desc, eq, inArray, lt, or, type SQL, sql } from "drizzle-orm";
import type { z } from "zod";
import { ALERT_TEXT } from "../../email/templates/alerts";
import { AppError } from "../../errors";
import { type Actor, recordActivity, SYSTEM_ACTOR } from "../activity";
import { notify } from "../notifications";
import { decodeCursor, encodeCursor } from "../pagination";
import type { ServiceContext } from "../service-context";
import { inTransaction } from "../unit-of-work";
import { inEveryLanguage, type LocalizedText } from "../user-language";
import { announcePayoutCompleted } from "../webhooks/domain-events";
import { ConfirmationNotRecordedError } from "./confirmation";
import { bookTransaction } from "./ledger-bridge";
import { callbackUrlsFor, createDarajaClient, loadMpesaCredentials, MPESA_NOT_SET_UP } from "./settings";
import { attemptInSavepoint, moneyWatchers, type SettlementContext } from "./settlement";
import { maskPhone } from "./stk";

type TPayoutRow = typeof mpesaPayouts.$inferSelect;
type TRequestPayout = z.output<typeof ZRequestPayoutSchema>;
const SETTLED: readonly TPayoutRow["status"][] = ["paid", "failed", "rejected"];

const payoutLink = (businessId: string) => `/b/${businessId}/mpesa/payouts`;

/** An admin asks to pay a supplier or refund a customer; an owner must approve it before anything is sent. */
export async function requestPayout(ctx: ServiceContext, businessId: string, input: TRequestPayout) {
  return inTransaction(ctx, async (tx) => {
    let payeeName: string;
    if (input.purpose === "supplier_payment") {
      const [supplier] = await tx
        .select({ name: suppliers.name })
        .from(suppliers)
        .where(and(eq(suppliers.businessId, businessId), eq(suppliers.id, String(input.supplierId))))
        .limit(1);
      if (!supplier) throw new AppError("NOT_FOUND", "Supplier not found");
      payeeName = supplier.name;
    } else {
      const [customer] = await tx
        .select({ name: customers.name })
        .from(customers)
        .where(and(eq(customers.businessId, businessId), eq(customers.id, String(input.customerId))))
        .limit(1);
      if (!customer) throw new AppError("NOT_FOUND", "Customer not found");
      payeeName = customer.name;
    }
    const credentials = await loadMpesaCredentials(tx, ctx.config.mpesa, businessId);
    if (!credentials.initiator || !credentials.b2cShortcode) {
      throw new AppError(
        "PRECONDITION_FAILED",
        "Payouts are not set up: add the initiator name, security credential and payout shortcode in Settings → M-Pesa.",
      );
    }
    const [payout] = await tx
      .insert(mpesaPayouts)
      .values({
        businessId,
        purpose: input.purpose,
        supplierId: input.purpose === "supplier_payment" ? (input.supplierId ?? null) : null,
        customerId: input.purpose === "customer_refund" ? (input.customerId ?? null) : null,
        phone: input.phone,
        amountMinor: input.amountMinor,
        remarks: input.remarks,
        requestedByUserId: ctx.actor.userId,
        originatorConversationId: `KAVI-${randomUUID()}`,
      })
      .returning();
    if (!payout) throw new Error("payout insert returned nothing");
    await recordActivity(tx, ctx.actor, {
      action: "mpesa.payout_requested",
      entityType: "mpesa_payout",
      entityId: payout.id,
      metadata: {
        purpose: input.purpose,
        amountMinor: input.amountMinor.toString(),
        phone: maskPhone(input.phone),
        payeeName,
      },
    });
    const owners = (await moneyWatchers(tx, businessId, null)).filter(
      (userId) => userId !== ctx.actor.userId,
    );
    await notify(tx, {
      userIds: owners,
      businessId,
      kind: "mpesa.payout_awaiting_approval",
      title: inEveryLanguage((language) =>
        ALERT_TEXT[language].mpesa.approvePayout(
          formatMoney(input.amountMinor, "KES", { locale: LANGUAGE_LOCALES[language] }),
        ),
      ),
      body: inEveryLanguage((language) => ALERT_TEXT[language].mpesa.payoutTo(payeeName, input.remarks)),
      link: payoutLink(businessId),
      data: { payoutId: payout.id },
    });
    return payout;
  });
}

async function lockPayout(tx: DbOrTx, businessId: string, payoutId: string) {
  const [payout] = await tx
    .select()
    .from(mpesaPayouts)
    .where(and(eq(mpesaPayouts.businessId, businessId), eq(mpesaPayouts.id, payoutId)))
    .for("update");
  if (!payout) throw new AppError("NOT_FOUND", "Payout not found");
  return payout;
}

/** Maker-checker: an owner other than the requester approves; the send job starts after commit. */
export async function approvePayout(ctx: ServiceContext, businessId: string, payoutId: string) {
  return inTransaction(ctx, async (tx, afterCommit) => {
    const payout = await lockPayout(tx, businessId, payoutId);
    if (payout.status !== "awaiting_approval") {
      throw new AppError("CONFLICT", "This payout is no longer waiting for approval.");
    }
    if (payout.requestedByUserId !== null && payout.requestedByUserId === ctx.actor.userId) {
      throw new AppError("FORBIDDEN", "You asked for this payout, so another owner has to approve it.");
    }
    const [approved] = await tx
      .update(mpesaPayouts)
      .set({ status: "approved", decidedByUserId: ctx.actor.userId, decidedAt: ctx.now() })
      .where(eq(mpesaPayouts.id, payout.id))
      .returning();
    await recordActivity(tx, ctx.actor, {
      action: "mpesa.payout_approved",
      entityType: "mpesa_payout",
      entityId: payout.id,
      changes: { status: { before: "awaiting_approval", after: "approved" } },
      metadata: { amountMinor: payout.amountMinor.toString() },
    });
    afterCommit.enqueue("mpesa.send-payout", { payoutId: payout.id });
    return approved ?? payout;
  });
}

export async function rejectPayout(
  ctx: ServiceContext,
  businessId: string,
  payoutId: string,
  reason: string,
) {
  return inTransaction(ctx, async (tx) => {
    const payout = await lockPayout(tx, businessId, payoutId);
    if (payout.status !== "awaiting_approval") {
      throw new AppError("CONFLICT", "This payout is no longer waiting for approval.");
    }
    const [rejected] = await tx
      .update(mpesaPayouts)
      .set({
        status: "rejected",
        decidedByUserId: ctx.actor.userId,
        decidedAt: ctx.now(),
        rejectionReason: reason,
      })
      .where(eq(mpesaPayouts.id, payout.id))
      .returning();
    await recordActivity(tx, ctx.actor, {
      action: "mpesa.payout_rejected",
      entityType: "mpesa_payout",
      entityId: payout.id,
      changes: { status: { before: "awaiting_approval", after: "rejected" } },
      metadata: { reason },
    });
    if (payout.requestedByUserId) {
      await notify(tx, {
        userIds: [payout.requestedByUserId],
        businessId,
        kind: "mpesa.payout_rejected",
        title: inEveryLanguage((language) => ALERT_TEXT[language].mpesa.payoutNotApproved),
        body: reason,
        link: payoutLink(businessId),
        data: { payoutId: payout.id },
      });
    }
    return rejected ?? payout;
  });
}

async function schedulePayoutQuery(
  ctx: Pick<ServiceContext, "jobs" | "logger" | "config">,
  payoutId: string,
  attempt: number,
) {
  const delay = ctx.config.mpesa.payoutStatusDelaysMs[attempt - 1];
  if (delay === undefined) return false;
  try {
    await ctx.jobs.enqueue("mpesa.query-payout", { payoutId, attempt }, { delayMs: delay });
    return true;
  } catch (error) {
    ctx.logger.warn({ err: error, payoutId }, "payout status query not scheduled; the sweeper will");
    return false;
  }
}

function payoutRefusal(error: unknown): string {
  if (error instanceof DarajaValidationError) {
    return `M-Pesa refused the payout: ${error.issues.map((issue) => `${issue.field} ${issue.message}`).join("; ")}`;
  }
  if (error instanceof DarajaError)
    return `M-Pesa refused the payout (${error.errorCode}): ${error.errorMessage}`;
  return error instanceof Error ? error.message : "M-Pesa refused the payout.";
}

/**
 * Worker: sends an approved payout. The row moves to `sending` and commits before Daraja is called, so a crash
 * or a lost reply can never lead to a second send: such a payout becomes `unknown` and is settled by a
 * transaction status query.
 */
export async function sendPayout(ctx: ServiceContext, payoutId: string) {
  const claimed = await inTransaction(ctx, async (tx) => {
    const [payout] = await tx.select().from(mpesaPayouts).where(eq(mpesaPayouts.id, payoutId)).for("update");
    if (payout?.status !== "approved") return null;
    const [sending] = await tx
      .update(mpesaPayouts)
      .set({ status: "sending", sentAt: ctx.now() })
      .where(eq(mpesaPayouts.id, payoutId))
      .returning();
    return sending ?? null;
  });
  if (!claimed) return "not-approved" as const;
  const actor: Actor = { ...SYSTEM_ACTOR, businessId: claimed.businessId };
  const fail = async (reason: string, extra: Partial<TPayoutRow> = {}) =>
    inTransaction(ctx, async (tx) => {
      await tx
        .update(mpesaPayouts)
        .set({ status: "failed", failureReason: reason, completedAt: ctx.now(), ...extra })
        .where(and(eq(mpesaPayouts.id, payoutId), eq(mpesaPayouts.status, "sending")));
      await recordActivity(tx, actor, {
        action: "mpesa.payout_failed",
        entityType: "mpesa_payout",
        entityId: payoutId,
        metadata: { reason },
      });
      await notifyPayoutOutcome(
        tx,
        claimed,
        inEveryLanguage((language) => ALERT_TEXT[language].mpesa.payoutFailedWith(reason)),
        reason,
      );
    });
  let credentials: Awaited<ReturnType<typeof loadMpesaCredentials>>;
  try {
    credentials = await loadMpesaCredentials(ctx.db, ctx.config.mpesa, claimed.businessId);
  } catch {
    await fail(MPESA_NOT_SET_UP);
    return "failed" as const;
  }
  if (!credentials.initiator || !credentials.b2cShortcode) {
    await fail("Payouts are not set up in Settings → M-Pesa.");
    return "failed" as const;
  }
  const urls = callbackUrlsFor(ctx.config.mpesa, credentials.callbackToken);
  try {
    const accepted = await createDarajaClient(ctx.config.mpesa, credentials).b2c({
      originatorConversationId: claimed.originatorConversationId,
      commandId: "BusinessPayment",
      partyA: credentials.b2cShortcode,
      phoneNumber: claimed.phone,
      amountMinor: claimed.amountMinor,
      remarks: claimed.remarks.length >= 2 ? claimed.remarks : "Payout",
      resultUrl: `${urls.b2cResult}/${claimed.id}`,
      queueTimeOutUrl: `${urls.b2cTimeout}/${claimed.id}`,
    });
    await ctx.db
      .update(mpesaPayouts)
      .set({
        conversationId: accepted.conversationId,
        status: sql`case when ${mpesaPayouts.status} = 'sending' then 'sent'::mpesa_payout_status else ${mpesaPayouts.status} end`,
      })
      .where(eq(mpesaPayouts.id, payoutId));
    return "sent" as const;
  } catch (error) {
    if (isOutcomeUnknown(error)) {
      await ctx.db
        .update(mpesaPayouts)
        .set({
          status: "unknown",
          failureReason: "M-Pesa did not confirm the payout in time; checking its status.",
        })
        .where(and(eq(mpesaPayouts.id, payoutId), eq(mpesaPayouts.status, "sending")));
      await schedulePayoutQuery(ctx, payoutId, 1);
      return "unknown" as const;
    }
    await fail(payoutRefusal(error));
    return "failed" as const;
  }
}

async function notifyPayoutOutcome(
  tx: DbOrTx,
  payout: TPayoutRow,
  title: LocalizedText,
  body: LocalizedText,
) {
  const userIds = [payout.requestedByUserId, payout.decidedByUserId].filter(
    (id): id is string => id !== null,
  );
  await notify(tx, {
    userIds,
    businessId: payout.businessId,
    kind: "mpesa.payout_outcome",
    title,
    body,
    link: payoutLink(payout.businessId),
    data: { payoutId: payout.id },
  });
}

async function lockPayoutForResult(
  tx: DbOrTx,
  businessId: string,
  subjectId: string | null,
  conversationIds: string[],
): Promise<TPayoutRow | null> {
  const match: SQL[] = [];
  if (subjectId) match.push(eq(mpesaPayouts.id, subjectId));
  const ids = conversationIds.filter(Boolean);
  if (ids.length > 0) {
    match.push(
      inArray(mpesaPayouts.conversationId, ids),
      inArray(mpesaPayouts.originatorConversationId, ids),
    );
  }
  if (match.length === 0) return null;
  const [payout] = await tx
    .select()
    .from(mpesaPayouts)
    .where(and(eq(mpesaPayouts.businessId, businessId), or(...match)))
    .limit(1)
    .for("update");
  return payout ?? null;
}

interface PayoutPaid {
  receipt: string;
  amountMinor: bigint | undefined;
  receiverName: string | undefined;
  completedAt: Date | undefined;
  via: "result" | "status";
}

async function settlePayoutPaid(context: SettlementContext, payout: TPayoutRow, paid: PayoutPaid) {
  const { tx, actor, ctx } = context;
  const booked = await attemptInSavepoint(tx, async (savepoint) => {
    const { transactionId } = await bookTransaction(
      savepoint,
      actor,
      {
        businessId: payout.businessId,
        type: "expense",
        amountMinor: payout.amountMinor,
        currency: payout.currency,
        transactionDate: paid.completedAt ?? ctx.now(),
        externalId: paid.receipt,
        description:
          payout.purpose === "customer_refund"
            ? `M-Pesa refund: ${payout.remarks}`
            : `M-Pesa payout: ${payout.remarks}`,
        supplierId: payout.supplierId,
        customerId: payout.customerId,
        source: "payout",
      },
      context.afterCommit,
    );
    return { invoicePaymentId: null, transactionId };
  });
  const completed = {
    receipt: paid.receipt,
    receiverName: paid.receiverName?.slice(0, 200) ?? null,
    completedAt: paid.completedAt ?? ctx.now(),
    transactionId: booked.ok ? booked.applied.transactionId : null,
  };
  await tx
    .update(mpesaPayouts)
    .set({ status: "paid", resultCode: "0", failureReason: null, ...completed })
    .where(eq(mpesaPayouts.id, payout.id));
  await announcePayoutCompleted(tx, context.afterCommit, payout, completed, ctx.now());
  await recordActivity(tx, actor, {
    action: "mpesa.payout_paid",
    entityType: "mpesa_payout",
    entityId: payout.id,
    metadata: {
      receipt: paid.receipt,
      via: paid.via,
      booked: booked.ok,
      ...(booked.ok ? {} : { reason: booked.reason }),
    },
  });
  if (paid.amountMinor !== undefined && paid.amountMinor !== payout.amountMinor) {
    ctx.logger.warn(
      { payoutId: payout.id, expected: payout.amountMinor, paid: paid.amountMinor },
      "payout amount differs",
    );
  }
  await notifyPayoutOutcome(
    tx,
    payout,
    inEveryLanguage((language) =>
      ALERT_TEXT[language].mpesa.payoutSent(
        formatMoney(payout.amountMinor, payout.currency, { locale: LANGUAGE_LOCALES[language] }),
      ),
    ),
    inEveryLanguage((language) =>
      ALERT_TEXT[language].mpesa.payoutSentBody(paid.receipt, paid.receiverName ?? null),
    ),
  );
}

/**
 * The B2C result callback is a claim: the payout becomes "confirming" and a Transaction Status query is asked at
 * once; only its answer marks the payout paid or failed (settleStatusResult). A forged "failed" can therefore
 * never make a payout look safe to send again, nor a forged "paid" book an expense.
 */
export async function settleB2cResult(
  context: SettlementContext,
  businessId: string,
  subjectId: string | null,
  event: B2cResultEvent,
  source: { callbackId: string; sourceAllowed: boolean | null } = { callbackId: "", sourceAllowed: null },
) {
  const payout = await lockPayoutForResult(context.tx, businessId, subjectId, [
    event.conversationId,
    event.originatorConversationId,
  ]);
  if (!payout) return "unmatched" as const;
  if (SETTLED.includes(payout.status)) return "already-settled" as const;
  if (source.sourceAllowed === false) return "untrusted-source" as const;
  const claimedPaid = event.success && Boolean(event.receipt);
  const claimedResult = claimedPaid ? "paid" : event.resultCode.slice(0, 40);
  await context.tx
    .update(mpesaPayouts)
    .set({
      status: "confirming",
      claimedResult,
      failureReason: claimedPaid
        ? null
        : `M-Pesa reported: ${humanResultMessage(event.resultCode, "payout")} Confirming before it is final: do not pay this person again yet.`,
      ...(event.conversationId && !payout.conversationId ? { conversationId: event.conversationId } : {}),
    })
    .where(eq(mpesaPayouts.id, payout.id));
  await recordActivity(context.tx, context.actor, {
    action: "mpesa.payout_result_received",
    entityType: "mpesa_payout",
    entityId: payout.id,
    metadata: { claimedResult, confirming: true },
  });
  const delay = context.ctx.config.mpesa.confirmationDelaysMs[0] ?? 0;
  context.afterCommit.enqueue(
    "mpesa.query-payout",
    { payoutId: payout.id, attempt: 1 },
    {
      ...(delay > 0 ? { delayMs: delay } : {}),
      ...(source.callbackId ? { jobId: `mpesa-payout-confirm-${source.callbackId}` } : {}),
    },
  );
  return "confirming" as const;
}

/** QueueTimeOutURL: M-Pesa could not process it in time; the result is unknown until a status query says. */
export async function settleB2cTimeout(
  context: SettlementContext,
  businessId: string,
  subjectId: string | null,
  event: QueueTimeoutEvent,
) {
  const payout = await lockPayoutForResult(context.tx, businessId, subjectId, [
    event.conversationId,
    event.originatorConversationId,
  ]);
  if (!payout) return "unmatched" as const;
  if (SETTLED.includes(payout.status)) return "already-settled" as const;
  await context.tx
    .update(mpesaPayouts)
    .set({ status: "unknown", failureReason: "M-Pesa timed out processing the payout; checking its status." })
    .where(eq(mpesaPayouts.id, payout.id));
  await recordActivity(context.tx, context.actor, {
    action: "mpesa.payout_timed_out",
    entityType: "mpesa_payout",
    entityId: payout.id,
  });
  context.afterCommit.enqueue(
    "mpesa.query-payout",
    { payoutId: payout.id, attempt: 1 },
    { delayMs: context.ctx.config.mpesa.payoutStatusDelaysMs[0] ?? 60_000 },
  );
  return "unknown" as const;
}

/** Worker: asks Daraja for the status of a payout whose result never came (the answer arrives as a callback). */
export async function queryPayoutStatus(ctx: ServiceContext, payoutId: string, attempt: number) {
  const [payout] = await ctx.db.select().from(mpesaPayouts).where(eq(mpesaPayouts.id, payoutId)).limit(1);
  if (!payout || !["sent", "unknown", "sending", "confirming"].includes(payout.status))
    return "not-needed" as const;
  const credentials = await loadMpesaCredentials(ctx.db, ctx.config.mpesa, payout.businessId);
  if (!credentials.initiator || !credentials.b2cShortcode) return "not-configured" as const;
  const urls = callbackUrlsFor(ctx.config.mpesa, credentials.callbackToken);
  await ctx.db
    .update(mpesaPayouts)
    .set({ statusQueries: sql`${mpesaPayouts.statusQueries} + 1` })
    .where(eq(mpesaPayouts.id, payoutId));
  try {
    // Asked by our own OriginatorConversationID, never by a receipt a callback claimed.
    const accepted = await createDarajaClient(ctx.config.mpesa, credentials).transactionStatus({
      originalConversationId: payout.originatorConversationId,
      partyA: credentials.b2cShortcode,
      identifierType: "shortcode",
      remarks: "Payout status",
      resultUrl: `${urls.statusResult}/${payout.id}`,
      queueTimeOutUrl: `${urls.statusTimeout}/${payout.id}`,
    });
    await ctx.db
      .update(mpesaPayouts)
      .set({ statusConversationId: accepted.conversationId || accepted.originatorConversationId })
      .where(eq(mpesaPayouts.id, payoutId));
  } catch (error) {
    ctx.logger.warn({ err: error, payoutId }, "payout status query failed");
  }
  // If no definitive answer arrives, ask again later; settling is idempotent.
  await schedulePayoutQuery(ctx, payoutId, attempt + 1);
  return "queried" as const;
}

/** Transaction statuses that mean the payout did not go through (the simulator answers "Failed"). */
const FAILED_TRANSACTION_STATUSES = /^(failed|declined|cancelled|expired)$/i;

/**
 * A Transaction Status result for a payout, from our own latest query only (its ConversationID came back to us
 * alone). "Completed" with the payout's amount settles it as paid; an explicit failed status settles it as failed;
 * anything else leaves it unknown — a payout is never declared failed on a lookup that simply did not find it.
 */
export async function settleStatusResult(
  context: SettlementContext,
  businessId: string,
  subjectId: string | null,
  event: TransactionStatusResultEvent,
) {
  const payout = await lockPayoutForResult(context.tx, businessId, subjectId, []);
  if (!payout) return "unmatched" as const;
  if (SETTLED.includes(payout.status)) return "already-settled" as const;
  if (!payout.statusConversationId) {
    // No query asked yet: nothing can be ours. One asked but not recorded yet: try again shortly.
    if (payout.statusQueries === 0) return "no-query-asked" as const;
    throw new ConfirmationNotRecordedError("payout status result arrived before its query was recorded");
  }
  const ids = [event.conversationId, event.originatorConversationId].filter(Boolean);
  if (!ids.includes(payout.statusConversationId)) return "not-our-query" as const;
  const amountAgrees = event.amountMinor === undefined || event.amountMinor === payout.amountMinor;
  if (event.success && event.receipt && event.transactionStatus === "Completed" && amountAgrees) {
    await settlePayoutPaid(context, payout, {
      receipt: event.receipt,
      amountMinor: event.amountMinor,
      receiverName: event.creditPartyName?.split(" - ").slice(1).join(" - "),
      completedAt: event.finalisedAt,
      via: "status",
    });
    return "paid" as const;
  }
  if (event.success && FAILED_TRANSACTION_STATUSES.test(event.transactionStatus ?? "")) {
    const claimed = payout.claimedResult && payout.claimedResult !== "paid" ? payout.claimedResult : null;
    const reason = claimed
      ? humanResultMessage(claimed, "payout")
      : `M-Pesa says the payout ${String(event.transactionStatus).toLowerCase()}.`;
    await context.tx
      .update(mpesaPayouts)
      .set({
        status: "failed",
        resultCode: (claimed ?? event.resultCode).slice(0, 30),
        resultDesc: event.resultDesc.slice(0, 1000),
        failureReason: reason,
        completedAt: context.ctx.now(),
      })
      .where(eq(mpesaPayouts.id, payout.id));
    await recordActivity(context.tx, context.actor, {
      action: "mpesa.payout_failed",
      entityType: "mpesa_payout",
      entityId: payout.id,
      metadata: { resultCode: claimed ?? event.resultCode, reason, confirmedBy: "status" },
    });
    await notifyPayoutOutcome(
      context.tx,
      payout,
      inEveryLanguage((language) => ALERT_TEXT[language].mpesa.payoutFailed),
      reason,
    );
    return "failed" as const;
  }
  await context.tx
    .update(mpesaPayouts)
    .set({
      status: "unknown",
      failureReason: amountAgrees
        ? "M-Pesa has not confirmed this payout yet. Check the M-Pesa statement before paying this person again."
        : "M-Pesa's record of this payout shows another amount. Check the M-Pesa statement before doing anything else.",
    })
    .where(eq(mpesaPayouts.id, payout.id));
  return "still-unknown" as const;
}

/** Sweeper: approved payouts whose send job was lost, and payouts stuck in flight. */
export async function sweepPayouts(ctx: ServiceContext) {
  const now = ctx.now().getTime();
  const stale = await ctx.db
    .select({ id: mpesaPayouts.id, status: mpesaPayouts.status, statusQueries: mpesaPayouts.statusQueries })
    .from(mpesaPayouts)
    .where(
      or(
        and(eq(mpesaPayouts.status, "approved"), lt(mpesaPayouts.updatedAt, new Date(now - 60_000))),
        and(
          inArray(mpesaPayouts.status, ["sending", "sent"]),
          lt(mpesaPayouts.updatedAt, new Date(now - 10 * 60_000)),
        ),
        and(
          inArray(mpesaPayouts.status, ["unknown", "confirming"]),
          lt(mpesaPayouts.updatedAt, new Date(now - 30 * 60_000)),
          lt(mpesaPayouts.statusQueries, 20),
        ),
      ),
    )
    .limit(200);
  for (const payout of stale) {
    try {
      if (payout.status === "approved") await ctx.jobs.enqueue("mpesa.send-payout", { payoutId: payout.id });
      else {
        if (payout.status === "sending") {
          // The process died mid-send: the payout may have gone out, so it is never re-sent.
          await ctx.db
            .update(mpesaPayouts)
            .set({ status: "unknown" })
            .where(and(eq(mpesaPayouts.id, payout.id), eq(mpesaPayouts.status, "sending")));
        }
        await ctx.jobs.enqueue(
          "mpesa.query-payout",
          { payoutId: payout.id, attempt: Math.min(100, payout.statusQueries + 1) },
          { jobId: `mpesa-payout-status-${payout.id}-sweep-${payout.statusQueries}` },
        );
      }
    } catch (error) {
      ctx.logger.warn({ err: error, payoutId: payout.id }, "payout sweep could not enqueue");
    }
  }
  return stale.length;
}

type TListPayouts = z.output<typeof ZListPayoutsSchema>;

const STATUS_GROUPS: Record<Exclude<TListPayouts["status"], "all">, TPayoutRow["status"][]> = {
  awaiting_approval: ["awaiting_approval"],
  in_progress: ["approved", "sending", "sent", "unknown", "confirming"],
  paid: ["paid"],
  failed: ["failed"],
  rejected: ["rejected"],
};

export async function listPayouts(db: DbOrTx, businessId: string, input: TListPayouts) {
  const after = decodeCursor(input.cursor);
  const conditions: SQL[] = [eq(mpesaPayouts.businessId, businessId)];
  if (input.status !== "all") conditions.push(inArray(mpesaPayouts.status, STATUS_GROUPS[input.status]));
  if (after) {
    const keyset = or(
      lt(mpesaPayouts.createdAt, after.createdAt),
      and(eq(mpesaPayouts.createdAt, after.createdAt), lt(mpesaPayouts.id, after.id)),
    );
    if (keyset) conditions.push(keyset);
  }
  const rows = await db
    .select({
      payout: mpesaPayouts,
      supplierName: suppliers.name,
      customerName: customers.name,
    })
    .from(mpesaPayouts)
    .leftJoin(suppliers, eq(suppliers.id, mpesaPayouts.supplierId))
    .leftJoin(customers, eq(customers.id, mpesaPayouts.customerId))
    .where(and(...conditions))
    .orderBy(desc(mpesaPayouts.createdAt), desc(mpesaPayouts.id))
    .limit(input.limit + 1);
  const items = rows.slice(0, input.limit).map((row) => ({
    ...row.payout,
    payeeName: row.supplierName ?? row.customerName ?? null,
  }));
  const last = items.at(-1);
  return { items, nextCursor: rows.length > input.limit && last ? encodeCursor(last) : null };
}

export async function getPayout(db: DbOrTx, businessId: string, payoutId: string) {
  const [payout] = await db
    .select()
    .from(mpesaPayouts)
    .where(and(eq(mpesaPayouts.businessId, businessId), eq(mpesaPayouts.id, payoutId)))
    .limit(1);
  if (!payout) throw new AppError("NOT_FOUND", "Payout not found");
  return payout;
}
