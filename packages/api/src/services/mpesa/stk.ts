import {
  DarajaClientError,
  DarajaError,
  DarajaValidationError,
  humanResultMessage,
  isOutcomeUnknown,
  parseStkCallback,
  type StkCallbackEvent,
} from "@kavi/daraja";
import { type DbOrTx, invoices, mpesaCallbacks, mpesaPaymentRequests, mpesaPayments } from "@kavi/db";
import { formatMoney, isOpenInvoiceStatus, mpesaReason } from "@kavi/domain";
import { and, desc, eq, like, type SQL, sql } from "drizzle-orm";
import { AppError } from "../../errors";
import { type Actor, recordActivity, SYSTEM_ACTOR } from "../activity";
import type { ServiceContext } from "../service-context";
import { inTransaction } from "../unit-of-work";
import { findInvoice } from "./ledger-bridge";
import { consumePublicPayLimit, consumeStkLimits } from "./limits";
import { callbackUrlsFor, createDarajaClient, loadMpesaCredentials } from "./settings";
import { type SettlementContext, type StkSuccess, settleStkFailure, settleStkSuccess } from "./settlement";

export type TPaymentRequestRow = typeof mpesaPaymentRequests.$inferSelect;

/** Not settled yet; `confirming` = a callback said it ended and an STK query must confirm it. */
export const OPEN_REQUEST_STATUSES = ["requested", "pending", "unknown", "confirming"] as const;

export function isOpenRequest(status: TPaymentRequestRow["status"]): boolean {
  return (OPEN_REQUEST_STATUSES as readonly string[]).includes(status);
}

/** Daraja's AccountReference holds 12 characters: INV-2026-0042 becomes INV20260042. */
export function accountReferenceFor(invoiceNumber: string): string {
  if (invoiceNumber.length <= 12) return invoiceNumber;
  return invoiceNumber.replace(/[^A-Za-z0-9]/g, "").slice(-12);
}

/** M-Pesa moves whole shillings: a balance with cents is rounded up (the extra cents become credit). */
export function wholeShillingsAtLeast(amountMinor: bigint): bigint {
  return ((amountMinor + 99n) / 100n) * 100n;
}

interface StkPushInput {
  businessId: string;
  invoiceId: string | null;
  customerId: string | null;
  phone: string;
  amountMinor: bigint;
  accountReference: string;
  description: string;
  origin: "dashboard" | "public_page";
}

/**
 * Sends an STK push. The request row is committed first, so a callback (whose URL carries the row's id) can
 * always be matched, even when the push itself times out and Daraja's CheckoutRequestID never reaches us.
 * A push whose outcome is unknown is never re-sent: the callback, or the customer paying again, settles it.
 */
export async function sendStkPush(ctx: ServiceContext, input: StkPushInput): Promise<TPaymentRequestRow> {
  const credentials = await loadMpesaCredentials(ctx.db, ctx.config.mpesa, input.businessId);
  await consumeStkLimits(ctx, input.businessId, input.phone, input.origin, input.invoiceId);
  const request = await inTransaction(ctx, async (tx) => {
    const [row] = await tx
      .insert(mpesaPaymentRequests)
      .values({
        businessId: input.businessId,
        invoiceId: input.invoiceId,
        customerId: input.customerId,
        phone: input.phone,
        amountMinor: input.amountMinor,
        accountReference: input.accountReference,
        description: input.description,
        origin: input.origin,
        requestedByUserId: ctx.actor.userId,
      })
      .returning();
    if (!row) throw new Error("payment request insert returned nothing");
    await recordActivity(tx, ctx.actor, {
      action: "mpesa.stk_requested",
      entityType: "mpesa_payment_request",
      entityId: row.id,
      metadata: {
        invoiceId: input.invoiceId,
        amountMinor: input.amountMinor.toString(),
        phone: maskPhone(input.phone),
        origin: input.origin,
      },
    });
    return row;
  });

  const urls = callbackUrlsFor(ctx.config.mpesa, credentials.callbackToken);
  const daraja = createDarajaClient(ctx.config.mpesa, credentials);
  try {
    const accepted = await daraja.lipaNaMpesaOnline({
      businessShortCode: credentials.stkShortcode,
      passkey: credentials.passkey,
      transactionType: credentials.stkTransactionType,
      partyB: credentials.shortcode,
      phoneNumber: input.phone,
      amountMinor: input.amountMinor,
      callbackUrl: `${urls.stk}/${request.id}`,
      accountReference: input.accountReference,
      transactionDesc: input.description,
    });
    const [updated] = await ctx.db
      .update(mpesaPaymentRequests)
      .set({
        checkoutRequestId: accepted.checkoutRequestId,
        merchantRequestId: accepted.merchantRequestId,
        // A fast callback may already have settled it: only an unsettled request becomes pending.
        status: sqlKeepSettled("pending"),
      })
      .where(eq(mpesaPaymentRequests.id, request.id))
      .returning();
    await scheduleStkQuery(ctx, request.id, 1);
    return updated ?? request;
  } catch (error) {
    if (isOutcomeUnknown(error)) {
      ctx.logger.warn(
        { err: error, paymentRequestId: request.id },
        "STK push outcome unknown; waiting for its callback",
      );
      const [updated] = await ctx.db
        .update(mpesaPaymentRequests)
        .set({
          status: sqlKeepSettled("unknown"),
          failureReason:
            "M-Pesa did not confirm the prompt in time. If the customer pays, it will show here.",
        })
        .where(eq(mpesaPaymentRequests.id, request.id))
        .returning();
      return updated ?? request;
    }
    const reason = pushFailureReason(error);
    await inTransaction(ctx, async (tx) => {
      await tx
        .update(mpesaPaymentRequests)
        .set({ status: "failed", failureReason: reason, settledBy: "push", settledAt: ctx.now() })
        .where(and(eq(mpesaPaymentRequests.id, request.id), eq(mpesaPaymentRequests.status, "requested")));
      await recordActivity(tx, ctx.actor, {
        action: "mpesa.stk_refused",
        entityType: "mpesa_payment_request",
        entityId: request.id,
        metadata: { reason, errorCode: error instanceof DarajaError ? error.errorCode : null },
      });
    });
    throw new AppError("BAD_REQUEST", reason, { cause: error });
  }
}

/** `status = next` unless the row is already settled (a callback beat the push's own reply). */
function sqlKeepSettled(next: "pending" | "unknown") {
  return sql`case when ${mpesaPaymentRequests.status} = 'requested' then ${next}::mpesa_request_status else ${mpesaPaymentRequests.status} end`;
}

function pushFailureReason(error: unknown): string {
  if (error instanceof DarajaValidationError) {
    const issue = error.issues[0];
    if (issue?.field === "phoneNumber") return "M-Pesa needs a Safaricom number such as 0712 345 678.";
    if (issue?.field === "amount" || issue?.field === "amountMinor")
      return "M-Pesa takes whole amounts between KES 1 and KES 250,000.";
    return `M-Pesa refused the request: ${issue?.field ?? "input"} ${issue?.message ?? ""}`.trim();
  }
  if (error instanceof DarajaError) {
    if (/wrong credentials|merchant does not exist/i.test(error.errorMessage))
      return "M-Pesa refused the business's shortcode or passkey. Check Settings → M-Pesa.";
    if (error.errorCode.startsWith("400.008") || error.errorCode.startsWith("404.001"))
      return "M-Pesa refused the business's consumer key or secret. Check Settings → M-Pesa.";
    if (/lock subscriber|being processed/i.test(error.errorMessage))
      return "The customer's phone is busy with another M-Pesa transaction. Try again in a minute.";
    return `M-Pesa refused the request (${error.errorCode}): ${error.errorMessage}`;
  }
  if (error instanceof DarajaClientError) return "M-Pesa could not be reached. Try again in a moment.";
  return "M-Pesa could not be reached. Try again in a moment.";
}

export function maskPhone(phone: string): string {
  return phone.length >= 12 ? `${phone.slice(0, 6)}***${phone.slice(-3)}` : "***";
}

/** Queues the n-th STK query for a request, after the configured delay; false when none are left. */
export async function scheduleStkQuery(
  ctx: Pick<ServiceContext, "jobs" | "logger" | "config">,
  paymentRequestId: string,
  attempt: number,
  delaysMs: readonly number[] = ctx.config.mpesa.stkQueryDelaysMs,
): Promise<boolean> {
  const delay = delaysMs[attempt - 1];
  if (delay === undefined) return false;
  try {
    await ctx.jobs.enqueue("mpesa.query-stk", { paymentRequestId, attempt }, { delayMs: delay });
    return true;
  } catch (error) {
    ctx.logger.warn({ err: error, paymentRequestId }, "STK query not scheduled; the sweeper will query it");
    return false;
  }
}

/** "Request M-Pesa payment" on an invoice: defaults to the balance, in whole shillings. */
export async function requestInvoicePayment(
  ctx: ServiceContext,
  businessId: string,
  input: { invoiceId: string; phone: string; amountMinor?: bigint | null | undefined },
  origin: "dashboard" | "public_page" = "dashboard",
): Promise<TPaymentRequestRow> {
  const invoice = await findInvoice(ctx.db, businessId, input.invoiceId);
  if (!invoice) throw new AppError("NOT_FOUND", "Invoice not found");
  if (!isOpenInvoiceStatus(invoice.status)) {
    const why =
      invoice.status === "draft"
        ? "Send the invoice before asking for payment."
        : invoice.status === "paid"
          ? "This invoice is already paid."
          : "This invoice is void.";
    throw new AppError("PRECONDITION_FAILED", why);
  }
  if (invoice.currency !== "KES") {
    throw new AppError(
      "PRECONDITION_FAILED",
      "M-Pesa collects Kenyan shillings only; this invoice is in another currency.",
    );
  }
  const amountMinor = input.amountMinor ?? wholeShillingsAtLeast(invoice.balanceMinor);
  if (amountMinor < 100n)
    throw new AppError("PRECONDITION_FAILED", "Nothing is left to pay on this invoice.");
  if (amountMinor > 25_000_000n) {
    throw new AppError(
      "BAD_REQUEST",
      "M-Pesa takes at most KES 250,000 at once. Ask for part of the balance.",
      {
        fieldErrors: { amountMinor: ["At most KES 250,000 at once"] },
      },
    );
  }
  return sendStkPush(ctx, {
    businessId,
    invoiceId: invoice.id,
    customerId: invoice.customerId,
    phone: input.phone,
    amountMinor,
    accountReference: accountReferenceFor(invoice.invoiceNumber ?? invoice.id.slice(0, 12)),
    description: "Invoice",
    origin,
  });
}

/**
 * "Pay with M-Pesa" on the public invoice page: the invoice's public token is the authority. The actor is the
 * system, carrying the caller's address and request id (the per-address limit reads them).
 */
export async function payInvoicePublicly(ctx: ServiceContext, input: { token: string; phone: string }) {
  await consumePublicPayLimit(ctx, ctx.actor.ip);
  const [invoice] = await ctx.db
    .select({ id: invoices.id, businessId: invoices.businessId })
    .from(invoices)
    .where(eq(invoices.publicToken, input.token))
    .limit(1);
  if (!invoice) throw new AppError("NOT_FOUND", "Invoice not found");
  const actor: Actor = { ...ctx.actor, userId: null, businessId: invoice.businessId };
  const request = await requestInvoicePayment(
    { ...ctx, actor },
    invoice.businessId,
    { invoiceId: invoice.id, phone: input.phone },
    "public_page",
  );
  return toPublicStatus(request);
}

export async function publicPaymentStatus(db: DbOrTx, input: { token: string; paymentRequestId: string }) {
  const [row] = await db
    .select({ request: mpesaPaymentRequests })
    .from(mpesaPaymentRequests)
    .innerJoin(invoices, eq(invoices.id, mpesaPaymentRequests.invoiceId))
    .where(and(eq(invoices.publicToken, input.token), eq(mpesaPaymentRequests.id, input.paymentRequestId)))
    .limit(1);
  if (!row) throw new AppError("NOT_FOUND", "Payment not found");
  return toPublicStatus(row.request);
}

/** What the customer's page may see: no ids of other things, no phone number. */
function toPublicStatus(request: TPaymentRequestRow) {
  return {
    paymentRequestId: request.id,
    status: request.status,
    amountMinor: request.amountMinor,
    receipt: request.receipt,
    failureReason: request.failureReason,
    // So the customer's page can say the reason in its reader's language (mpesaFailureReasonIn).
    resultCode: request.resultCode,
    resultDesc: request.resultDesc,
  };
}

/** One request, for the "live status" poll. */
export async function getPaymentRequest(db: DbOrTx, businessId: string, paymentRequestId: string) {
  const [row] = await db
    .select()
    .from(mpesaPaymentRequests)
    .where(
      and(eq(mpesaPaymentRequests.businessId, businessId), eq(mpesaPaymentRequests.id, paymentRequestId)),
    )
    .limit(1);
  if (!row) throw new AppError("NOT_FOUND", "Payment request not found");
  return row;
}

export async function listInvoicePaymentRequests(db: DbOrTx, businessId: string, invoiceId: string) {
  if (!(await findInvoice(db, businessId, invoiceId))) throw new AppError("NOT_FOUND", "Invoice not found");
  return db
    .select()
    .from(mpesaPaymentRequests)
    .where(
      and(eq(mpesaPaymentRequests.businessId, businessId), eq(mpesaPaymentRequests.invoiceId, invoiceId)),
    )
    .orderBy(sql`${mpesaPaymentRequests.createdAt} desc`)
    .limit(50);
}

export type StkQueryOutcome = "settled" | "pending" | "already-settled" | "not-queryable" | "missing";

/**
 * Worker: asks Daraja how a silent push ended. Pending → the next query is scheduled with backoff; a
 * definitive answer settles the request under its row lock (so a callback racing it changes nothing).
 */
export async function queryStkRequest(
  ctx: ServiceContext,
  paymentRequestId: string,
  attempt: number,
): Promise<StkQueryOutcome> {
  const [request] = await ctx.db
    .select()
    .from(mpesaPaymentRequests)
    .where(eq(mpesaPaymentRequests.id, paymentRequestId))
    .limit(1);
  if (!request) return "missing";
  if (!isOpenRequest(request.status)) return "already-settled";
  if (!request.checkoutRequestId) return "not-queryable";
  const credentials = await loadMpesaCredentials(ctx.db, ctx.config.mpesa, request.businessId);
  const daraja = createDarajaClient(ctx.config.mpesa, credentials);
  await ctx.db
    .update(mpesaPaymentRequests)
    .set({ queryAttempts: sql`${mpesaPaymentRequests.queryAttempts} + 1`, lastQueriedAt: ctx.now() })
    .where(eq(mpesaPaymentRequests.id, request.id));
  let result: Awaited<ReturnType<typeof daraja.lipaNaMpesaQuery>>;
  try {
    result = await daraja.lipaNaMpesaQuery({
      businessShortCode: credentials.stkShortcode,
      passkey: credentials.passkey,
      checkoutRequestId: request.checkoutRequestId,
    });
  } catch (error) {
    ctx.logger.warn({ err: error, paymentRequestId }, "STK query failed; trying again later");
    await scheduleStkQuery(
      ctx,
      paymentRequestId,
      attempt + 1,
      request.status === "confirming"
        ? ctx.config.mpesa.confirmationDelaysMs
        : ctx.config.mpesa.stkQueryDelaysMs,
    );
    return "pending";
  }
  // A request a callback said was paid is chased on the (quicker) confirmation schedule.
  const delays =
    request.status === "confirming"
      ? ctx.config.mpesa.confirmationDelaysMs
      : ctx.config.mpesa.stkQueryDelaysMs;
  if (result.status === "pending") {
    await scheduleStkQuery(ctx, paymentRequestId, attempt + 1, delays);
    return "pending";
  }
  const actor: Actor = { ...SYSTEM_ACTOR, businessId: request.businessId };
  return inTransaction(ctx, async (tx, afterCommit) => {
    const [locked] = await tx
      .select()
      .from(mpesaPaymentRequests)
      .where(eq(mpesaPaymentRequests.id, request.id))
      .for("update");
    if (!locked || !isOpenRequest(locked.status)) return "already-settled" as const;
    // What the callback claimed, if one came: the query confirms the outcome, the claim brings the receipt.
    const claim = await latestPaidClaim(tx, locked);
    await settleStkQueryAnswer({ tx, afterCommit, actor, ctx }, locked, result, claim);
    return "settled" as const;
  });
}

/**
 * Settles a locked, open request by Daraja's definitive STK Query answer: paid (with the callback's claim for
 * the receipt, when one came and agrees) or failed (a paid claim it refutes is kept in the inbox, never applied).
 */
export async function settleStkQueryAnswer(
  context: SettlementContext,
  locked: TPaymentRequestRow,
  result: { success: boolean; resultCode: number; resultDesc: string },
  claim: StkPaidClaim | null,
) {
  const { ctx } = context;
  if (result.success) {
    await settleStkSuccess(context, locked, confirmedSuccess(locked, claim, ctx.now()));
    return;
  }
  await settleStkFailure(context, locked, {
    resultCode: result.resultCode,
    resultDesc: result.resultDesc,
    settledBy: "query",
  });
  if (claim) {
    await recordRefutedClaim(
      context,
      locked,
      claim,
      `Not applied: the callback said receipt ${claim.receipt} paid ${formatMoney(claim.amountMinor, locked.currency)}, but M-Pesa's query says: ${humanResultMessage(result.resultCode)}`,
    );
  }
}

/** What a request Daraja confirmed as paid settles with: the callback's claim for the receipt, when one came. */
export function confirmedSuccess(
  locked: TPaymentRequestRow,
  claim: StkPaidClaim | null,
  now: Date,
): StkSuccess {
  return claim
    ? {
        receipt: claim.receipt,
        amountMinor: locked.amountMinor,
        paidAt: claim.paidAt ?? now,
        phone: claim.phone ?? locked.phone,
        settledBy: "callback",
        disagreement: findStkClaimDisagreement(locked, claim),
      }
    : {
        receipt: null,
        amountMinor: locked.amountMinor,
        paidAt: now,
        phone: locked.phone,
        settledBy: "query",
      };
}

/** A paid STK callback's claim, read back from the inbox. */
export interface StkPaidClaim {
  receipt: string;
  amountMinor: bigint;
  paidAt: Date | null;
  phone: string | null;
}

/**
 * The paid claim to settle a confirmed request with: the latest paid callback (from an allowed source) that agrees
 * with the request, else the latest one (whose disagreement is then recorded), else null.
 */
export async function latestPaidClaim(tx: DbOrTx, request: TPaymentRequestRow): Promise<StkPaidClaim | null> {
  const claimsWhere = (key: SQL) =>
    tx
      .select({ rawBody: mpesaCallbacks.rawBody })
      .from(mpesaCallbacks)
      .where(
        and(
          key,
          eq(mpesaCallbacks.businessId, request.businessId),
          eq(mpesaCallbacks.kind, "stk"),
          sql`${mpesaCallbacks.sourceAllowed} is not false`,
        ),
      )
      .orderBy(desc(mpesaCallbacks.receivedAt))
      .limit(20);
  // Our CallBackURL carries the request id (indexed); a callback that came without it is found by its key.
  let rows = await claimsWhere(eq(mpesaCallbacks.subjectId, request.id));
  if (rows.length === 0 && request.checkoutRequestId) {
    rows = await claimsWhere(like(mpesaCallbacks.dedupeKey, `${request.checkoutRequestId}:%`));
  }
  const claims: StkPaidClaim[] = [];
  for (const row of rows) {
    try {
      const claim = paidClaimOf(request, parseStkCallback(JSON.parse(row.rawBody)));
      if (claim) claims.push(claim);
    } catch {
      // Bodies were parsed before they were stored; one that no longer parses is no claim.
    }
  }
  return pickPaidClaim(request, claims);
}

/** What a callback claims was paid for this request, or null when it claims no payment (or names another push). */
export function paidClaimOf(request: TPaymentRequestRow, event: StkCallbackEvent): StkPaidClaim | null {
  if (event.checkoutRequestId !== request.checkoutRequestId) return null;
  if (!event.success || !event.receipt) return null;
  return {
    receipt: event.receipt,
    amountMinor: event.amountMinor ?? request.amountMinor,
    paidAt: event.transactionDate ?? null,
    phone: event.phone ?? null,
  };
}

/** Of the claims, latest first: the first that agrees with the request, else the latest (its disagreement is kept). */
export function pickPaidClaim(request: TPaymentRequestRow, claims: StkPaidClaim[]): StkPaidClaim | null {
  return claims.find((claim) => findStkClaimDisagreement(request, claim) === null) ?? claims[0] ?? null;
}

/** Why a paid callback disagrees with the request the query confirmed (amount or phone), or null. */
export function findStkClaimDisagreement(
  request: Pick<TPaymentRequestRow, "amountMinor" | "phone" | "currency">,
  claim: Pick<StkPaidClaim, "amountMinor" | "phone">,
): string | null {
  if (claim.amountMinor !== request.amountMinor) {
    return mpesaReason(
      "amountMismatch",
      formatMoney(claim.amountMinor, request.currency),
      formatMoney(request.amountMinor, request.currency),
    );
  }
  if (claim.phone && claim.phone !== request.phone) {
    return mpesaReason("phoneMismatch", maskPhone(claim.phone), maskPhone(request.phone));
  }
  return null;
}

/** A paid claim the query refuted: kept in the Unreconciled inbox with the reason, never applied. */
async function recordRefutedClaim(
  context: SettlementContext,
  request: TPaymentRequestRow,
  claim: StkPaidClaim,
  reason: string,
) {
  await context.tx
    .insert(mpesaPayments)
    .values({
      businessId: request.businessId,
      source: "stk",
      receipt: claim.receipt,
      paymentRequestId: request.id,
      amountMinor: claim.amountMinor,
      currency: request.currency,
      paidAt: claim.paidAt ?? context.ctx.now(),
      billRefNumber: request.accountReference,
      msisdn: claim.phone ?? request.phone,
      phone: claim.phone ?? request.phone,
      status: "unreconciled",
      unreconciledReason: reason,
      invoiceId: request.invoiceId,
      customerId: request.customerId,
    })
    .onConflictDoNothing();
  await recordActivity(context.tx, context.actor, {
    action: "mpesa.stk_claim_refuted",
    entityType: "mpesa_payment_request",
    entityId: request.id,
    metadata: { receipt: claim.receipt, reason },
  });
}
