import type { DarajaCallbackEvent, StkCallbackEvent } from "@kavi/daraja";
import type { Transaction } from "@kavi/db";
import { mpesaPaymentRequests } from "@kavi/db";
import { and, asc, eq, inArray, isNull, lt, or } from "drizzle-orm";
import type { Logger } from "../../logger";
import { type Actor, SYSTEM_ACTOR } from "../activity";
import { sweepLenderMpesa } from "../lending/transfers";
import type { ServiceContext } from "../service-context";
import { type AfterCommit, inTransaction } from "../unit-of-work";
import { settleBalanceResult, settleBalanceTimeout } from "./balance";
import { settleC2bConfirmation } from "./c2b";
import {
  BUSINESS_INBOX,
  type InboxRow,
  lockInboxRow,
  markInboxRowProcessed,
  type ProcessOptions,
  processInboxCallback,
} from "./callback-inbox";
import { lockPaymentForStatus, settlePaymentStatusResult, sweepConfirmingPayments } from "./confirmation";
import { type MpesaCallbackKind, parseCallback, sweepUnprocessedCallbacks } from "./inbox";
import { settleB2cResult, settleB2cTimeout, settleStatusResult, sweepPayouts } from "./payouts";
import { lockReversalForStatus, settleReversalResult, settleReversalStatus } from "./reversals";
import { recordLateReceipt, type SettlementContext, settleStkFailure } from "./settlement";
import { isOpenRequest } from "./stk";

export type { ProcessOptions } from "./callback-inbox";

/** A row of the businesses' inbox: it always names its business. */
export interface LockedCallbackRow extends InboxRow {
  business_id: string;
}

/** What processing needs of an inbox row. */
export interface LockedCallback {
  id: string;
  businessId: string;
  kind: MpesaCallbackKind;
  subjectId: string | null;
  /** False when it came from outside MPESA_CALLBACK_ALLOWED_IPS: its claims are never used. */
  sourceAllowed: boolean | null;
}

/**
 * Applies one stored callback, exactly once in effect. The callback row is locked and marked processed in
 * the same transaction as every effect, and every effect locks the row it settles (payment request, payout)
 * and checks its state first. A duplicate, a reordering, a second worker, or a re-run after a crash between
 * commit and job completion all find the work done and change nothing.
 */
export function processMpesaCallback(ctx: ServiceContext, callbackId: string, options: ProcessOptions = {}) {
  return processInboxCallback(
    BUSINESS_INBOX,
    ctx,
    callbackId,
    (unit, row) => decideLockedCallback({ ...unit, ctx }, row as LockedCallbackRow),
    options,
  );
}

/** Locks one inbox row (waiting for whoever holds it, unless skipLocked), or null when there is none (or it is held). */
export async function lockCallback(
  tx: Transaction,
  callbackId: string,
  options: { skipLocked?: boolean } = {},
): Promise<LockedCallbackRow | null> {
  // Every row of the businesses' inbox names its business (not null in the schema).
  return (await lockInboxRow(BUSINESS_INBOX, tx, callbackId, options)) as LockedCallbackRow | null;
}

/** Applies a locked, unprocessed inbox row of any kind on its own and marks it processed (same transaction). */
export async function settleLockedCallback(
  unit: { tx: Transaction; afterCommit: AfterCommit; ctx: ServiceContext },
  row: LockedCallbackRow,
): Promise<string> {
  const outcome = await decideLockedCallback(unit, row);
  await markInboxRowProcessed(BUSINESS_INBOX, unit.tx, row.id, outcome, unit.ctx.now());
  return outcome;
}

/** Applies a locked, unprocessed inbox row of any kind; its outcome (the caller marks the row processed). */
async function decideLockedCallback(
  unit: { tx: Transaction; afterCommit: AfterCommit; ctx: ServiceContext },
  row: LockedCallbackRow,
): Promise<string> {
  const callback = lockedCallbackOf(row);
  const actor: Actor = { ...SYSTEM_ACTOR, businessId: callback.businessId };
  const context: SettlementContext = { ...unit, actor };
  let event: DarajaCallbackEvent | null = null;
  try {
    event = parseCallback(callback.kind, JSON.parse(row.raw_body));
  } catch {
    // Bodies are validated before they are stored; one that no longer parses (a parser change) is kept, not retried.
  }
  return event ? dispatch(context, callback, event) : "unreadable";
}

export function lockedCallbackOf(row: LockedCallbackRow): LockedCallback {
  return {
    id: row.id,
    businessId: row.business_id,
    kind: row.kind,
    subjectId: row.subject_id,
    sourceAllowed: row.source_allowed,
  };
}

async function dispatch(
  context: SettlementContext,
  callback: LockedCallback,
  event: DarajaCallbackEvent,
): Promise<string> {
  const kind: MpesaCallbackKind = callback.kind;
  switch (event.kind) {
    case "stk":
      return processStkCallback(context, callback, event);
    case "c2b":
      return kind === "c2b_confirmation"
        ? settleC2bConfirmation(context, callback.businessId, event, {
            sourceAllowed: callback.sourceAllowed,
          })
        : "validation";
    case "b2c":
      return settleB2cResult(context, callback.businessId, callback.subjectId, event, {
        callbackId: callback.id,
        sourceAllowed: callback.sourceAllowed,
      });
    case "queue-timeout":
      if (kind === "balance_timeout") return settleBalanceTimeout(context, callback);
      if (kind === "reversal_timeout") return settleReversalResult(context, callback, null);
      return kind === "b2c_timeout"
        ? settleB2cTimeout(context, callback.businessId, callback.subjectId, event)
        : "status-timeout";
    case "account-balance":
      return settleBalanceResult(context, callback, event);
    case "reversal":
      return settleReversalResult(context, callback, event);
    case "transaction-status": {
      // Our ResultURL carries the subject: a received payment being confirmed, or a payout.
      const payment = await lockPaymentForStatus(context.tx, callback.businessId, callback.subjectId);
      if (payment) return settlePaymentStatusResult(context, payment, event);
      const reversal = await lockReversalForStatus(context.tx, callback.businessId, callback.subjectId);
      if (reversal) return settleReversalStatus(context, reversal, callback, event);
      return settleStatusResult(context, callback.businessId, callback.subjectId, event);
    }
    default:
      return "ignored";
  }
}

/**
 * An STK callback is a claim, never a settlement: a paid claim marks the request "received, confirming" and an
 * STK Query is asked at once; the query's answer settles it (queryStkRequest), comparing it with the claim. A
 * failure claim only hastens the query. Claims from outside the allow-list are ignored (the query chain still runs).
 */
async function processStkCallback(
  context: SettlementContext,
  callback: LockedCallback,
  event: StkCallbackEvent,
) {
  const { tx, ctx } = context;
  // Our CallBackURL carries the request id, so even a push whose reply was lost is matched.
  const match = callback.subjectId
    ? eq(mpesaPaymentRequests.id, callback.subjectId)
    : eq(mpesaPaymentRequests.checkoutRequestId, event.checkoutRequestId);
  const [request] = await tx
    .select()
    .from(mpesaPaymentRequests)
    .where(and(eq(mpesaPaymentRequests.businessId, callback.businessId), match))
    .for("update");
  const refused = refuseStkClaim(ctx.logger, callback, event, request);
  if (refused || !request) return refused ?? "unmatched";
  if (!request.checkoutRequestId) {
    await tx
      .update(mpesaPaymentRequests)
      .set({ checkoutRequestId: event.checkoutRequestId, merchantRequestId: event.merchantRequestId || null })
      .where(eq(mpesaPaymentRequests.id, request.id));
  }

  const paidClaim = event.success && event.receipt;
  if (request.status === "paid") {
    if (!paidClaim || !event.receipt || request.receipt) return "already-paid";
    // A query already confirmed the payment; the late callback only brings the receipt, if it agrees.
    const sameAmount = event.amountMinor === undefined || event.amountMinor === request.amountMinor;
    const samePhone = !event.phone || event.phone === request.phone;
    if (!sameAmount || !samePhone) return "late-receipt-disagrees";
    return recordLateReceipt(context, request, event.receipt);
  }
  if (!paidClaim && !isOpenRequest(request.status)) return "already-settled";
  if (paidClaim) {
    // Paid (or said to be) even after we gave up on it: a receipt may be real money, so it is confirmed too.
    await tx
      .update(mpesaPaymentRequests)
      .set({ status: "confirming" })
      .where(eq(mpesaPaymentRequests.id, request.id));
  }
  context.afterCommit.enqueue(
    "mpesa.query-stk",
    { paymentRequestId: request.id, attempt: 1 },
    { jobId: `mpesa-stk-confirm-${callback.id}` },
  );
  return paidClaim ? "confirming" : "querying";
}

/** Why a callback's claim cannot touch the request it names (none, another push, an untrusted source), or null. */
export function refuseStkClaim(
  logger: Logger,
  callback: LockedCallback,
  event: StkCallbackEvent,
  request: { id: string; checkoutRequestId: string | null } | undefined,
): "unmatched" | "mismatched" | "untrusted-source" | null {
  if (!request) {
    logger.warn(
      { callbackId: callback.id, checkoutRequestId: event.checkoutRequestId },
      "STK callback for no known request",
    );
    return "unmatched";
  }
  if (request.checkoutRequestId && request.checkoutRequestId !== event.checkoutRequestId) {
    logger.warn(
      {
        callbackId: callback.id,
        paymentRequestId: request.id,
        expected: request.checkoutRequestId,
        got: event.checkoutRequestId,
      },
      "STK callback names another CheckoutRequestID; ignored",
    );
    return "mismatched";
  }
  if (callback.sourceAllowed === false) return "untrusted-source";
  return null;
}

/**
 * The minute sweep: callbacks stored while Redis was down (or whose job was lost), STK pushes nobody has
 * queried, pushes that can no longer be settled, and payouts in flight.
 */
export async function sweepMpesa(ctx: ServiceContext) {
  const callbacks = await sweepUnprocessedCallbacks(ctx);
  const now = ctx.now().getTime();

  // Pending pushes whose query chain was lost (Redis down at push time) or has run out.
  const silent = await ctx.db
    .select({ id: mpesaPaymentRequests.id, queryAttempts: mpesaPaymentRequests.queryAttempts })
    .from(mpesaPaymentRequests)
    .where(
      and(
        inArray(mpesaPaymentRequests.status, ["pending", "confirming"]),
        lt(mpesaPaymentRequests.createdAt, new Date(now - 2 * 60_000)),
        or(
          isNull(mpesaPaymentRequests.lastQueriedAt),
          lt(mpesaPaymentRequests.lastQueriedAt, new Date(now - 2 * 60_000)),
        ),
        lt(mpesaPaymentRequests.queryAttempts, 30),
      ),
    )
    .orderBy(asc(mpesaPaymentRequests.createdAt))
    .limit(500);
  let queried = 0;
  for (const request of silent) {
    const attempt = Math.min(100, request.queryAttempts + 1);
    try {
      await ctx.jobs.enqueue(
        "mpesa.query-stk",
        { paymentRequestId: request.id, attempt },
        { jobId: `mpesa-stk-query-${request.id}-sweep-${request.queryAttempts}` },
      );
      queried += 1;
    } catch (error) {
      ctx.logger.warn({ err: error }, "sweep could not enqueue an STK query");
      break;
    }
  }

  // Requests whose push never got an answer (process died, or Daraja's reply was lost) and no callback came
  // within 15 minutes. They are closed for people's sake; a late paid callback still records the money.
  const abandoned = await ctx.db
    .select()
    .from(mpesaPaymentRequests)
    .where(
      and(
        inArray(mpesaPaymentRequests.status, ["requested", "unknown"]),
        lt(mpesaPaymentRequests.createdAt, new Date(now - 15 * 60_000)),
      ),
    )
    .limit(200);
  for (const request of abandoned) {
    await inTransaction(ctx, async (tx, afterCommit) => {
      const [locked] = await tx
        .select()
        .from(mpesaPaymentRequests)
        .where(eq(mpesaPaymentRequests.id, request.id))
        .for("update");
      if (!locked || !["requested", "unknown"].includes(locked.status)) return;
      await settleStkFailure(
        { tx, afterCommit, actor: { ...SYSTEM_ACTOR, businessId: locked.businessId }, ctx },
        locked,
        {
          resultCode: 1037,
          resultDesc: "No answer from M-Pesa",
          settledBy: "sweep",
          reason:
            "M-Pesa never confirmed this prompt. If the customer paid, the payment will still appear here.",
        },
      );
    });
  }
  const payouts = await sweepPayouts(ctx);
  const confirming = await sweepConfirmingPayments(ctx);
  const lending = ctx.config.mpesa.lender ? await sweepLenderMpesa(ctx) : null;
  return { callbacks, queried, abandoned: abandoned.length, payouts, confirming, lending };
}
