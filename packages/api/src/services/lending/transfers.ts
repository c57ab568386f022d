import { randomUUID, timingSafeEqual } from "node:crypto";
import {
  type B2cResultEvent,
  type C2bEvent,
  type DarajaCallbackEvent,
  DarajaClient,
  DarajaError,
  DarajaValidationError,
  humanResultMessage,
  isOutcomeUnknown,
  type StkCallbackEvent,
  type TransactionStatusResultEvent,
} from "@kavi/daraja";
import { businesses, type DbOrTx, loanInstalments, loans, loanTransfers, type Transaction } from "@kavi/db";
import {
  localDateOf,
  mpesaReason,
  normaliseLoanNumber,
  parseMoney,
  settlementQuote,
  type TLoanRepaymentInput,
  unpaidMinor,
  wholeShillingsUp,
} from "@kavi/domain";
import { and, asc, desc, eq, inArray, lt, or, sql } from "drizzle-orm";
import { AppError } from "../../errors";
import { type Actor, recordActivity, SYSTEM_ACTOR } from "../activity";
import {
  LENDER_INBOX,
  type MpesaCallbackKind,
  processInboxCallback,
  processInboxCallbacks,
  storeInboxCallback,
  sweepInbox,
} from "../mpesa/callback-inbox";
import type { MpesaConfig } from "../mpesa/config";
import { CALLBACK_ROUTES, type CallbackReply, type CallbackRoute, parseCallback } from "../mpesa/inbox";
import type { ServiceContext } from "../service-context";
import { type AfterCommit, inTransaction } from "../unit-of-work";
import { announceLoanStatusChanged } from "../webhooks/domain-events";
import { findLoan } from "./applications";
import { bookLoanProceeds, bookLoanRepayment } from "./books";
import type { LenderMpesaConfig } from "./lender-config";
import { activateLoanInTransaction, applyLoanRepaymentInTransaction, type LoanUnit } from "./lifecycle";

/**
 * Loan money over the lender's own M-Pesa (LenderMpesaConfig): the disbursement (B2C), repayment prompts (STK)
 * and Paybill repayments (C2B, the loan number as the account). The rules of the businesses' M-Pesa hold here
 * too: every callback is stored before it is acknowledged; a callback is a claim, and only Daraja's answer to
 * our own query (Transaction Status, STK Query) moves the loan; each row is settled under its lock and checked
 * first, and `loan_transfers.receipt` is unique, so a receipt is applied once however often it is reported.
 */

type TTransferRow = typeof loanTransfers.$inferSelect;
type TLoanRow = typeof loans.$inferSelect;

const LENDER_NOT_SET_UP =
  "Lending cannot move money on this server: the lender's M-Pesa (LENDER_MPESA_*) is not configured.";

export function requireLender(config: MpesaConfig): LenderMpesaConfig {
  if (!config.lender) throw new AppError("PRECONDITION_FAILED", LENDER_NOT_SET_UP);
  return config.lender;
}

/** A Daraja client for the lender; DARAJA_BASE_URL stands in for the sandbox only (as for businesses). */
export function createLenderDarajaClient(config: MpesaConfig, lender: LenderMpesaConfig): DarajaClient {
  const baseUrl = lender.environment === "sandbox" ? config.darajaBaseUrl : null;
  return new DarajaClient({
    consumerKey: lender.consumerKey,
    consumerSecret: lender.consumerSecret,
    environment: lender.environment,
    ...(baseUrl ? { baseUrl } : {}),
    timeoutMs: config.darajaTimeoutMs,
    initiator: lender.initiator,
  });
}

/** The paths Daraja calls for the lender (no "mpesa" in them: Daraja refuses it). */
export function lenderCallbackUrls(config: MpesaConfig, lender: LenderMpesaConfig) {
  const base = `${config.publicApiUrl}/api/webhooks/lender/${lender.callbackToken}`;
  return {
    stk: `${base}/stk`,
    c2bValidation: `${base}/c2b/validation`,
    c2bConfirmation: `${base}/c2b/confirmation`,
    b2cResult: `${base}/b2c/result`,
    b2cTimeout: `${base}/b2c/timeout`,
    statusResult: `${base}/status/result`,
    statusTimeout: `${base}/status/timeout`,
  };
}

/** The routes the lender's callbacks arrive on (a subset of the businesses'). */
export const LENDER_CALLBACK_ROUTES = [
  "stk",
  "c2b/validation",
  "c2b/confirmation",
  "b2c/result",
  "b2c/timeout",
  "status/result",
  "status/timeout",
] as const satisfies readonly CallbackRoute[];
export type LenderCallbackRoute = (typeof LENDER_CALLBACK_ROUTES)[number];

function actorFor(businessId: string | null): Actor {
  return { ...SYSTEM_ACTOR, businessId };
}

async function businessTimezone(tx: DbOrTx, businessId: string): Promise<string> {
  const [row] = await tx
    .select({ timezone: businesses.timezone })
    .from(businesses)
    .where(eq(businesses.id, businessId));
  return row?.timezone ?? "Africa/Nairobi";
}

async function lockTransfer(tx: Transaction, transferId: string | null) {
  if (!transferId) return null;
  const [row] = await tx.select().from(loanTransfers).where(eq(loanTransfers.id, transferId)).for("update");
  return row ?? null;
}

const SETTLED: readonly TTransferRow["status"][] = ["paid", "failed", "unmatched"];

// ---- Disbursement ---------------------------------------------------------------------------------------------

/**
 * Desk: "Disburse" an approved loan. Maker-checker: the officer who recommended it cannot send its money (the
 * checker who approved, or a third officer, does). The loan becomes `disbursing`; the send job starts after commit.
 */
export async function disburseLoan(ctx: ServiceContext, loanId: string) {
  const lender = requireLender(ctx.config.mpesa);
  return inTransaction(ctx, async (tx, afterCommit) => {
    const [loan] = await tx.select().from(loans).where(eq(loans.id, loanId)).for("update");
    if (!loan) throw new AppError("NOT_FOUND", "Loan not found");
    if (loan.status !== "approved") {
      throw new AppError("CONFLICT", "Only an approved loan can be disbursed", {
        userMessage:
          loan.status === "disbursing"
            ? "This loan is already being sent."
            : "Only an approved loan can be disbursed.",
      });
    }
    if (loan.recommendedByUserId && loan.recommendedByUserId === ctx.actor.userId) {
      throw new AppError("FORBIDDEN", "You recommended this loan, so another officer sends its money.");
    }
    const [transfer] = await tx
      .insert(loanTransfers)
      .values({
        loanId: loan.id,
        businessId: loan.businessId,
        kind: "disbursement",
        status: "queued",
        amountMinor: loan.principalMinor,
        currency: loan.currency,
        phone: loan.payoutPhone,
        accountReference: loan.number,
        originatorConversationId: `KAVI-LOAN-${randomUUID()}`,
        requestedByUserId: ctx.actor.userId,
      })
      .returning();
    if (!transfer) throw new Error("disbursement insert returned nothing");
    const [disbursing] = await tx
      .update(loans)
      .set({ status: "disbursing" })
      .where(eq(loans.id, loan.id))
      .returning();
    await recordActivity(tx, ctx.actor, {
      action: "loan.disbursement_requested",
      entityType: "loan",
      entityId: loan.id,
      businessId: loan.businessId,
      changes: { status: { before: "approved", after: "disbursing" } },
      metadata: {
        number: loan.number,
        amountMinor: loan.principalMinor.toString(),
        fromShortcode: lender.b2cShortcode,
        transferId: transfer.id,
      },
    });
    if (disbursing) await announceLoanStatusChanged(tx, afterCommit, disbursing, null, ctx.now());
    afterCommit.enqueue("lending.send-disbursement", { transferId: transfer.id });
    return transfer;
  });
}

/** A disbursement that did not go: the loan goes back to approved with the reason, for the desk to retry. */
async function failDisbursement(
  unit: LoanUnit,
  transfer: TTransferRow,
  reason: string,
  extra: Partial<TTransferRow> = {},
) {
  const { tx, afterCommit, ctx } = unit;
  await tx
    .update(loanTransfers)
    .set({ status: "failed", failureReason: reason, completedAt: ctx.now(), ...extra })
    .where(eq(loanTransfers.id, transfer.id));
  if (!transfer.loanId) return;
  const [loan] = await tx
    .update(loans)
    .set({ status: "approved" })
    .where(and(eq(loans.id, transfer.loanId), eq(loans.status, "disbursing")))
    .returning();
  await recordActivity(tx, ctx.actor, {
    action: "loan.disbursement_failed",
    entityType: "loan",
    entityId: transfer.loanId,
    businessId: transfer.businessId,
    metadata: { reason, transferId: transfer.id },
  });
  if (loan) await announceLoanStatusChanged(tx, afterCommit, loan, reason, ctx.now());
}

function refusalOf(error: unknown): string {
  if (error instanceof DarajaValidationError) {
    return `M-Pesa refused the disbursement: ${error.issues.map((issue) => `${issue.field} ${issue.message}`).join("; ")}`;
  }
  if (error instanceof DarajaError) {
    return `M-Pesa refused the disbursement (${error.errorCode}): ${error.errorMessage}`;
  }
  return error instanceof Error ? error.message : "M-Pesa refused the disbursement.";
}

async function scheduleTransferQuery(
  ctx: Pick<ServiceContext, "jobs" | "logger">,
  transferId: string,
  attempt: number,
  delays: readonly number[],
) {
  const delay = delays[attempt - 1];
  if (delay === undefined) return false;
  try {
    await ctx.jobs.enqueue(
      "lending.query-transfer",
      { transferId, attempt },
      delay > 0 ? { delayMs: delay } : {},
    );
    return true;
  } catch (error) {
    ctx.logger.warn({ err: error, transferId }, "loan transfer query not scheduled; the sweeper will");
    return false;
  }
}

/**
 * Worker: sends a queued disbursement. The row moves to `sending` and commits before Daraja is called, so a
 * crash or lost reply can never send twice: such a transfer becomes `unknown` and a status query settles it.
 */
export async function sendLoanDisbursement(ctx: ServiceContext, transferId: string) {
  const claimed = await inTransaction(ctx, async (tx) => {
    const transfer = await lockTransfer(tx, transferId);
    if (transfer?.status !== "queued" || transfer.kind !== "disbursement") return null;
    const [sending] = await tx
      .update(loanTransfers)
      .set({ status: "sending" })
      .where(eq(loanTransfers.id, transferId))
      .returning();
    return sending ?? null;
  });
  if (!claimed) return "not-queued" as const;
  const actorCtx = { ...ctx, actor: actorFor(claimed.businessId) };
  const fail = (reason: string) =>
    inTransaction(ctx, async (tx, afterCommit) => {
      const locked = await lockTransfer(tx, transferId);
      if (locked?.status !== "sending") return;
      await failDisbursement({ tx, afterCommit, ctx: actorCtx }, locked, reason);
    });
  if (!ctx.config.mpesa.lender) {
    await fail(LENDER_NOT_SET_UP);
    return "failed" as const;
  }
  const lender = ctx.config.mpesa.lender;
  const urls = lenderCallbackUrls(ctx.config.mpesa, lender);
  try {
    const accepted = await createLenderDarajaClient(ctx.config.mpesa, lender).b2c({
      originatorConversationId: claimed.originatorConversationId ?? undefined,
      commandId: "BusinessPayment",
      partyA: lender.b2cShortcode,
      phoneNumber: String(claimed.phone),
      amountMinor: claimed.amountMinor,
      remarks: `Loan ${claimed.accountReference ?? ""}`.trim(),
      resultUrl: `${urls.b2cResult}/${claimed.id}`,
      queueTimeOutUrl: `${urls.b2cTimeout}/${claimed.id}`,
    });
    await ctx.db
      .update(loanTransfers)
      .set({
        conversationId: accepted.conversationId,
        status: sql`case when ${loanTransfers.status} = 'sending' then 'sent'::loan_transfer_status else ${loanTransfers.status} end`,
      })
      .where(eq(loanTransfers.id, transferId));
    return "sent" as const;
  } catch (error) {
    if (isOutcomeUnknown(error)) {
      await ctx.db
        .update(loanTransfers)
        .set({
          status: "unknown",
          failureReason: "M-Pesa did not confirm the disbursement in time; checking.",
        })
        .where(and(eq(loanTransfers.id, transferId), eq(loanTransfers.status, "sending")));
      await scheduleTransferQuery(ctx, transferId, 1, ctx.config.mpesa.payoutStatusDelaysMs);
      return "unknown" as const;
    }
    await fail(refusalOf(error));
    return "failed" as const;
  }
}

/** A confirmed disbursement: transfer paid, the loan active (its schedule starts), the loan booked, once. */
async function settleDisbursementPaid(
  unit: LoanUnit,
  transfer: TTransferRow,
  paid: { receipt: string; completedAt: Date },
) {
  const { tx, afterCommit } = unit;
  const loan = await findLoan(tx, String(transfer.loanId));
  const timezone = await businessTimezone(tx, loan.businessId);
  await activateLoanInTransaction(unit, loan.id, paid.completedAt, timezone);
  const transactionId = await bookLoanProceeds(
    tx,
    unit.ctx.actor,
    loan,
    { amountMinor: transfer.amountMinor, receipt: paid.receipt, paidAt: paid.completedAt },
    afterCommit,
  );
  await tx
    .update(loanTransfers)
    .set({
      status: "paid",
      receipt: paid.receipt,
      failureReason: null,
      completedAt: paid.completedAt,
      transactionId,
    })
    .where(eq(loanTransfers.id, transfer.id));
  return "paid" as const;
}

// ---- Repayment prompts (STK) ------------------------------------------------------------------------------------

/** What a loan owes now: the next instalment's unpaid part, and the early-settlement amount of today. */
export async function repaymentAmountsOf(db: DbOrTx, loan: TLoanRow, today: string) {
  const rows = await db
    .select()
    .from(loanInstalments)
    .where(eq(loanInstalments.loanId, loan.id))
    .orderBy(asc(loanInstalments.number));
  const next = rows.find((row) => unpaidMinor(row) > 0n);
  const nextInstalmentMinor = next ? unpaidMinor(next) : 0n;
  const settleMinor = rows.length > 0 ? settlementQuote(rows, today).amountMinor : 0n;
  return {
    nextInstalmentMinor,
    nextDueDate: next?.dueDate ?? null,
    settleMinor,
    /** What a prompt asks (whole shillings, rounded up). */
    promptNextMinor: wholeShillingsUp(nextInstalmentMinor),
    promptSettleMinor: wholeShillingsUp(settleMinor),
  };
}

/**
 * "Repay" on the loan page: an STK prompt to the phone given, paying the lender's Paybill with the loan number
 * as the account. The row is committed before Daraja is called; the prompt's callback and an STK Query decide.
 */
export async function requestLoanRepayment(
  ctx: ServiceContext,
  business: { id: string; timezone: string },
  input: Omit<TLoanRepaymentInput, "loanId" | "amount"> & { loanId: string; amount?: string | undefined },
) {
  const lender = requireLender(ctx.config.mpesa);
  const loan = await findLoan(ctx.db, input.loanId, business.id);
  if (loan.status !== "active") throw new AppError("CONFLICT", "Only an active loan can be repaid");
  const amounts = await repaymentAmountsOf(ctx.db, loan, localDateOf(ctx.now(), business.timezone));
  const amountMinor =
    input.choice === "next_instalment"
      ? amounts.promptNextMinor
      : input.choice === "settle"
        ? amounts.promptSettleMinor
        : wholeShillingsUp(parseMoney(String(input.amount), loan.currency));
  if (amountMinor <= 0n) throw new AppError("CONFLICT", "Nothing is owed on this loan now");
  if (amountMinor > wholeShillingsUp(amounts.settleMinor) && input.choice === "other") {
    throw new AppError("BAD_REQUEST", "That is more than the loan owes", {
      fieldErrors: { amount: ["That is more than it takes to settle the loan"] },
    });
  }
  const transfer = await inTransaction(ctx, async (tx) => {
    const [row] = await tx
      .insert(loanTransfers)
      .values({
        loanId: loan.id,
        businessId: loan.businessId,
        kind: "stk",
        status: "sending",
        amountMinor,
        currency: loan.currency,
        phone: input.phone,
        accountReference: loan.number,
        requestedByUserId: ctx.actor.userId,
      })
      .returning();
    if (!row) throw new Error("repayment prompt insert returned nothing");
    await recordActivity(tx, ctx.actor, {
      action: "loan.repayment_requested",
      entityType: "loan",
      entityId: loan.id,
      businessId: loan.businessId,
      metadata: { number: loan.number, amountMinor: amountMinor.toString(), choice: input.choice },
    });
    return row;
  });
  const urls = lenderCallbackUrls(ctx.config.mpesa, lender);
  try {
    const accepted = await createLenderDarajaClient(ctx.config.mpesa, lender).lipaNaMpesaOnline({
      businessShortCode: lender.paybillShortcode,
      passkey: lender.passkey,
      transactionType: "CustomerPayBillOnline",
      partyB: lender.paybillShortcode,
      phoneNumber: input.phone,
      amountMinor,
      callbackUrl: `${urls.stk}/${transfer.id}`,
      accountReference: loan.number,
      transactionDesc: "Loan",
    });
    const [updated] = await ctx.db
      .update(loanTransfers)
      .set({
        checkoutRequestId: accepted.checkoutRequestId,
        status: sql`case when ${loanTransfers.status} = 'sending' then 'sent'::loan_transfer_status else ${loanTransfers.status} end`,
      })
      .where(eq(loanTransfers.id, transfer.id))
      .returning();
    await scheduleStkQuery(ctx, transfer.id, 1, ctx.config.mpesa.stkQueryDelaysMs);
    return updated ?? transfer;
  } catch (error) {
    const unknown = isOutcomeUnknown(error);
    const [updated] = await ctx.db
      .update(loanTransfers)
      .set(
        unknown
          ? { status: "unknown", failureReason: "M-Pesa did not confirm the prompt in time." }
          : {
              status: "failed",
              completedAt: ctx.now(),
              failureReason:
                error instanceof DarajaError
                  ? `M-Pesa refused the prompt: ${error.errorMessage}`
                  : "M-Pesa could not send the prompt. Try again.",
            },
      )
      .where(and(eq(loanTransfers.id, transfer.id), eq(loanTransfers.status, "sending")))
      .returning();
    return updated ?? transfer;
  }
}

async function scheduleStkQuery(
  ctx: Pick<ServiceContext, "jobs" | "logger">,
  transferId: string,
  attempt: number,
  delays: readonly number[],
) {
  const delay = delays[attempt - 1];
  if (delay === undefined) return false;
  try {
    await ctx.jobs.enqueue("lending.query-stk", { transferId, attempt }, delay > 0 ? { delayMs: delay } : {});
    return true;
  } catch (error) {
    ctx.logger.warn({ err: error, transferId }, "loan STK query not scheduled; the sweeper will");
    return false;
  }
}

/** Worker: asks Daraja how a repayment prompt ended; the answer (never the callback alone) settles it. */
export async function queryLoanStk(ctx: ServiceContext, transferId: string, attempt: number) {
  const [transfer] = await ctx.db.select().from(loanTransfers).where(eq(loanTransfers.id, transferId));
  if (transfer?.kind !== "stk") return "missing" as const;
  if (SETTLED.includes(transfer.status)) return "already-settled" as const;
  if (!transfer.checkoutRequestId) return "not-queryable" as const;
  const lender = requireLender(ctx.config.mpesa);
  const delays =
    transfer.status === "confirming"
      ? ctx.config.mpesa.confirmationDelaysMs
      : ctx.config.mpesa.stkQueryDelaysMs;
  let result: Awaited<ReturnType<DarajaClient["lipaNaMpesaQuery"]>>;
  try {
    result = await createLenderDarajaClient(ctx.config.mpesa, lender).lipaNaMpesaQuery({
      businessShortCode: lender.paybillShortcode,
      passkey: lender.passkey,
      checkoutRequestId: transfer.checkoutRequestId,
    });
  } catch (error) {
    ctx.logger.warn({ err: error, transferId }, "loan STK query failed; trying again later");
    await scheduleStkQuery(ctx, transferId, attempt + 1, delays);
    return "pending" as const;
  }
  if (result.status === "pending") {
    await scheduleStkQuery(ctx, transferId, attempt + 1, delays);
    return "pending" as const;
  }
  return inTransaction(ctx, async (tx, afterCommit) => {
    const locked = await lockTransfer(tx, transferId);
    if (!locked || SETTLED.includes(locked.status)) return "already-settled" as const;
    const unit: LoanUnit = { tx, afterCommit, ctx: { ...ctx, actor: actorFor(locked.businessId) } };
    if (!result.success) {
      await tx
        .update(loanTransfers)
        .set({
          status: "failed",
          completedAt: ctx.now(),
          failureReason: humanResultMessage(result.resultCode, "payment"),
        })
        .where(eq(loanTransfers.id, locked.id));
      return "failed" as const;
    }
    // The query carries no receipt: the callback's, when one came; else the CheckoutRequestID stands for it.
    const reference = locked.claimedReceipt ?? locked.checkoutRequestId ?? locked.id;
    return applyConfirmedRepayment(unit, locked, {
      reference,
      amountMinor: locked.amountMinor,
      receivedAt: ctx.now(),
    });
  });
}

// ---- Applying a confirmed repayment ------------------------------------------------------------------------------

/**
 * A repayment Daraja confirmed: split through the lifecycle service (penalty → fee → interest → principal,
 * early settlement when it covers it), booked in the business's ledger, once per receipt. A loan that cannot
 * take it (not active) leaves the payment `unmatched` for the desk: the money is kept, never lost.
 */
async function applyConfirmedRepayment(
  unit: LoanUnit,
  transfer: TTransferRow,
  paid: { reference: string; amountMinor: bigint; receivedAt: Date; payerName?: string | null },
) {
  const { tx, afterCommit } = unit;
  if (!transfer.loanId) {
    await tx
      .update(loanTransfers)
      .set({
        status: "unmatched",
        receipt: paid.reference,
        completedAt: paid.receivedAt,
        failureReason: mpesaReason("noLoanNumbered", transfer.accountReference ?? ""),
      })
      .where(eq(loanTransfers.id, transfer.id));
    return "unmatched" as const;
  }
  const loan = await findLoan(tx, transfer.loanId);
  if (loan.status !== "active") {
    await tx
      .update(loanTransfers)
      .set({
        status: "unmatched",
        receipt: paid.reference,
        completedAt: paid.receivedAt,
        failureReason: `Loan ${loan.number} is ${loan.status}: it takes no repayment.`,
      })
      .where(eq(loanTransfers.id, transfer.id));
    return "unmatched" as const;
  }
  const timezone = await businessTimezone(tx, loan.businessId);
  const repayment = await applyLoanRepaymentInTransaction(unit, loan.id, {
    amountMinor: paid.amountMinor,
    reference: paid.reference,
    channel: transfer.kind === "paybill" ? "paybill" : "stk",
    receivedAt: paid.receivedAt,
    settleAsOf: localDateOf(paid.receivedAt, timezone),
  });
  const transactionId = await bookLoanRepayment(tx, unit.ctx.actor, loan, repayment, afterCommit);
  await tx
    .update(loanTransfers)
    .set({
      status: "paid",
      receipt: paid.reference,
      completedAt: paid.receivedAt,
      failureReason: null,
      repaymentId: repayment.id,
      transactionId,
      ...(paid.payerName ? { payerName: paid.payerName.slice(0, 200) } : {}),
    })
    .where(eq(loanTransfers.id, transfer.id));
  return "paid" as const;
}

// ---- Transaction Status (disbursements and Paybill repayments) -----------------------------------------------

/** Worker: asks Daraja for the status of a disbursement (by our OriginatorConversationID) or a Paybill receipt. */
export async function queryLoanTransfer(ctx: ServiceContext, transferId: string, attempt: number) {
  const [transfer] = await ctx.db.select().from(loanTransfers).where(eq(loanTransfers.id, transferId));
  if (!transfer || transfer.kind === "stk" || SETTLED.includes(transfer.status)) return "not-needed" as const;
  if (transfer.status === "queued" || transfer.status === "sending") return "not-sent-yet" as const;
  const lender = requireLender(ctx.config.mpesa);
  const urls = lenderCallbackUrls(ctx.config.mpesa, lender);
  await ctx.db
    .update(loanTransfers)
    .set({ statusQueries: sql`${loanTransfers.statusQueries} + 1` })
    .where(eq(loanTransfers.id, transferId));
  try {
    const accepted = await createLenderDarajaClient(ctx.config.mpesa, lender).transactionStatus({
      ...(transfer.kind === "disbursement"
        ? { originalConversationId: String(transfer.originatorConversationId) }
        : { transactionId: String(transfer.receipt ?? transfer.claimedReceipt) }),
      partyA: transfer.kind === "disbursement" ? lender.b2cShortcode : lender.paybillShortcode,
      identifierType: "shortcode",
      remarks: "Loan status",
      resultUrl: `${urls.statusResult}/${transfer.id}`,
      queueTimeOutUrl: `${urls.statusTimeout}/${transfer.id}`,
    });
    await ctx.db
      .update(loanTransfers)
      .set({ statusConversationId: accepted.conversationId || accepted.originatorConversationId })
      .where(eq(loanTransfers.id, transferId));
  } catch (error) {
    ctx.logger.warn({ err: error, transferId }, "loan transfer status query failed");
  }
  const delays =
    transfer.kind === "disbursement"
      ? ctx.config.mpesa.payoutStatusDelaysMs
      : ctx.config.mpesa.confirmationDelaysMs.slice(1);
  await scheduleTransferQuery(ctx, transferId, attempt + 1, delays);
  return "queried" as const;
}

const FAILED_STATUSES = /^(failed|declined|cancelled|expired)$/i;

/** Our own latest status query's answer settles a disbursement or a Paybill repayment. */
async function settleTransferStatus(
  unit: LoanUnit,
  transfer: TTransferRow,
  event: TransactionStatusResultEvent,
) {
  if (SETTLED.includes(transfer.status)) return "already-settled" as const;
  if (!transfer.statusConversationId) {
    if (transfer.statusQueries === 0) return "no-query-asked" as const;
    throw new Error("loan status result arrived before its query was recorded");
  }
  const ids = [event.conversationId, event.originatorConversationId].filter(Boolean);
  if (!ids.includes(transfer.statusConversationId)) return "not-our-query" as const;
  const amountAgrees = event.amountMinor === undefined || event.amountMinor === transfer.amountMinor;
  const completed = event.success && event.receipt && event.transactionStatus === "Completed" && amountAgrees;
  if (transfer.kind === "disbursement") {
    if (completed && event.receipt) {
      return settleDisbursementPaid(unit, transfer, {
        receipt: event.receipt,
        completedAt: event.finalisedAt ?? unit.ctx.now(),
      });
    }
    if (event.success && FAILED_STATUSES.test(event.transactionStatus ?? "")) {
      const claimed =
        transfer.claimedResult && transfer.claimedResult !== "paid" ? transfer.claimedResult : null;
      const reason = claimed
        ? humanResultMessage(claimed, "payout")
        : `M-Pesa says the disbursement ${String(event.transactionStatus).toLowerCase()}.`;
      await failDisbursement(unit, transfer, reason);
      return "failed" as const;
    }
  } else {
    if (completed && event.receipt === transfer.receipt) {
      return applyConfirmedRepayment(unit, transfer, {
        reference: String(transfer.receipt),
        amountMinor: transfer.amountMinor,
        receivedAt: event.finalisedAt ?? unit.ctx.now(),
      });
    }
    if (event.success && FAILED_STATUSES.test(event.transactionStatus ?? "")) {
      await unit.tx
        .update(loanTransfers)
        .set({
          status: "failed",
          completedAt: unit.ctx.now(),
          failureReason: "M-Pesa does not confirm this payment.",
        })
        .where(eq(loanTransfers.id, transfer.id));
      return "failed" as const;
    }
  }
  await unit.tx
    .update(loanTransfers)
    .set({
      status: "unknown",
      failureReason: amountAgrees
        ? "M-Pesa has not confirmed this yet."
        : "M-Pesa's record shows another amount: check the statement before anything else.",
    })
    .where(eq(loanTransfers.id, transfer.id));
  return "still-unknown" as const;
}

// ---- The lender's callback inbox --------------------------------------------------------------------------------

export interface IncomingLenderCallback {
  token: string;
  route: LenderCallbackRoute;
  subjectId: string | null;
  rawBody: string;
  sourceIp: string | null;
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * A Daraja callback for the lender: check the token, read the body, store it (deduplicated), enqueue its
 * processing, answer what Daraja expects. Only storage may fail the request (5xx: Daraja tries again).
 */
export async function receiveLenderCallback(
  ctx: Pick<ServiceContext, "db" | "jobs" | "logger" | "config" | "now">,
  incoming: IncomingLenderCallback,
): Promise<CallbackReply> {
  const lender = ctx.config.mpesa.lender;
  if (!lender || !sameToken(incoming.token, lender.callbackToken))
    return { status: 404, body: { error: "not_found" } };
  const kind = CALLBACK_ROUTES[incoming.route];
  const allowList = ctx.config.mpesa.callbackAllowList;
  const sourceAllowed = allowList ? allowList.allows(incoming.sourceIp) : null;
  let event: DarajaCallbackEvent;
  try {
    event = parseCallback(kind, JSON.parse(incoming.rawBody));
  } catch {
    ctx.logger.warn({ kind, bytes: incoming.rawBody.length }, "unreadable lender callback refused");
    return { status: 400, body: { error: "unreadable_callback" } };
  }
  if (event.kind === "c2b" && event.stage === "validation") {
    // Every payment to the lender's Paybill is accepted: one naming no loan is kept for the desk, never refused.
    return {
      status: 200,
      body: { ResultCode: "0", ResultDesc: "Accepted" },
      callbackId: null,
      duplicate: false,
    };
  }
  // Stored, then enqueued, then acknowledged: the same inbox mechanism as businesses' callbacks.
  const callbackId = await storeInboxCallback(
    LENDER_INBOX,
    ctx,
    {
      businessId: null,
      kind,
      dedupeKey: dedupeKeyOf(event, incoming.subjectId),
      subjectId: incoming.subjectId,
      rawBody: incoming.rawBody,
      sourceIp: incoming.sourceIp,
      sourceAllowed,
    },
    { enqueue: true },
  );
  const body =
    event.kind === "c2b"
      ? { ResultCode: "0", ResultDesc: "Accepted" }
      : { ResultCode: 0, ResultDesc: "Accepted" };
  return { status: 200, body, callbackId, duplicate: callbackId === null };
}

function dedupeKeyOf(event: DarajaCallbackEvent, subjectId: string | null): string {
  switch (event.kind) {
    case "stk":
      // Keyed by its outcome too: a forged callback sent first cannot take the place of the real one.
      return `${event.checkoutRequestId}:${event.receipt ?? event.resultCode}`.slice(0, 120);
    case "c2b":
      return event.transId.slice(0, 120);
    case "b2c":
    case "transaction-status":
    case "queue-timeout":
      return `${subjectId ?? ""}:${event.conversationId || event.originatorConversationId}`.slice(0, 120);
    default:
      return `${subjectId ?? ""}:${randomUUID()}`;
  }
}

/** What settling a lender callback needs of its inbox row. */
interface LenderCallback {
  id: string;
  kind: MpesaCallbackKind;
  /** The loan transfer our callback URL carried, when it had one. */
  subjectId: string | null;
  /** False when it came from outside MPESA_CALLBACK_ALLOWED_IPS: its claims are never used. */
  sourceAllowed: boolean | null;
}

/** Worker: a job's stored lender callbacks, each applied once in effect. */
export function processLenderCallbacks(ctx: ServiceContext, callbackIds: readonly string[]) {
  return processInboxCallbacks(LENDER_INBOX, ctx, callbackIds, (callbackId) =>
    processLenderCallback(ctx, callbackId),
  );
}

/** Worker: applies one stored lender callback, once in effect (row locked, marked processed in the same transaction). */
export function processLenderCallback(ctx: ServiceContext, callbackId: string) {
  return processInboxCallback(LENDER_INBOX, ctx, callbackId, async ({ tx, afterCommit }, row) => {
    const callback: LenderCallback = {
      id: row.id,
      kind: row.kind,
      subjectId: row.subject_id,
      sourceAllowed: row.source_allowed,
    };
    let event: DarajaCallbackEvent | null = null;
    try {
      event = parseCallback(callback.kind, JSON.parse(row.raw_body));
    } catch {
      // Validated before it was stored; one that no longer parses is kept, not retried.
    }
    return event ? dispatchLenderCallback(tx, afterCommit, ctx, callback, event) : "unreadable";
  });
}

async function dispatchLenderCallback(
  tx: Transaction,
  afterCommit: AfterCommit,
  ctx: ServiceContext,
  row: LenderCallback,
  event: DarajaCallbackEvent,
): Promise<string> {
  const untrusted = row.sourceAllowed === false;
  switch (event.kind) {
    case "b2c":
      return untrusted ? "untrusted-source" : claimDisbursementResult(tx, afterCommit, ctx, row, event);
    case "queue-timeout": {
      if (row.kind !== "b2c_timeout") return "status-timeout";
      const transfer = await lockTransfer(tx, row.subjectId);
      if (transfer?.kind !== "disbursement") return "unmatched";
      if (SETTLED.includes(transfer.status)) return "already-settled";
      await tx
        .update(loanTransfers)
        .set({ status: "unknown", failureReason: "M-Pesa timed out sending the loan; checking its status." })
        .where(eq(loanTransfers.id, transfer.id));
      afterCommit.enqueue(
        "lending.query-transfer",
        { transferId: transfer.id, attempt: 1 },
        { delayMs: ctx.config.mpesa.payoutStatusDelaysMs[0] ?? 60_000 },
      );
      return "unknown";
    }
    case "transaction-status": {
      const transfer = await lockTransfer(tx, row.subjectId);
      if (!transfer || transfer.kind === "stk") return "unmatched";
      return settleTransferStatus(
        { tx, afterCommit, ctx: { ...ctx, actor: actorFor(transfer.businessId) } },
        transfer,
        event,
      );
    }
    case "stk":
      return claimStkResult(tx, afterCommit, row, event);
    case "c2b":
      return untrusted ? "untrusted-source" : receivePaybillRepayment(tx, afterCommit, ctx, event);
    default:
      return "ignored";
  }
}

/** A B2C result is a claim: the transfer becomes `confirming` and a Transaction Status query is asked at once. */
async function claimDisbursementResult(
  tx: Transaction,
  afterCommit: AfterCommit,
  ctx: ServiceContext,
  row: LenderCallback,
  event: B2cResultEvent,
) {
  const transfer = await lockTransfer(tx, row.subjectId);
  if (transfer?.kind !== "disbursement") return "unmatched";
  if (SETTLED.includes(transfer.status)) return "already-settled";
  const ids = [event.conversationId, event.originatorConversationId].filter(Boolean);
  const ours = [transfer.conversationId, transfer.originatorConversationId].filter(Boolean);
  if (ours.length > 0 && ids.length > 0 && !ids.some((id) => ours.includes(id))) return "mismatched";
  const claimedPaid = event.success && Boolean(event.receipt);
  await tx
    .update(loanTransfers)
    .set({
      status: "confirming",
      claimedResult: claimedPaid ? "paid" : event.resultCode.slice(0, 40),
      claimedReceipt: event.receipt?.slice(0, 40) ?? null,
      ...(event.conversationId && !transfer.conversationId ? { conversationId: event.conversationId } : {}),
    })
    .where(eq(loanTransfers.id, transfer.id));
  const delay = ctx.config.mpesa.confirmationDelaysMs[0] ?? 0;
  afterCommit.enqueue(
    "lending.query-transfer",
    { transferId: transfer.id, attempt: 1 },
    { ...(delay > 0 ? { delayMs: delay } : {}), jobId: `lending-status-confirm-${row.id}` },
  );
  return "confirming";
}

/** An STK callback is a claim: a paid one marks the prompt `confirming` and an STK Query is asked at once. */
async function claimStkResult(
  tx: Transaction,
  afterCommit: AfterCommit,
  row: LenderCallback,
  event: StkCallbackEvent,
) {
  const transfer = await lockTransfer(tx, row.subjectId);
  if (transfer?.kind !== "stk") return "unmatched";
  if (transfer.checkoutRequestId && transfer.checkoutRequestId !== event.checkoutRequestId)
    return "mismatched";
  if (row.sourceAllowed === false) return "untrusted-source";
  if (SETTLED.includes(transfer.status)) return "already-settled";
  const paidClaim = event.success && event.receipt;
  await tx
    .update(loanTransfers)
    .set({
      ...(paidClaim ? { status: "confirming" as const, claimedReceipt: event.receipt?.slice(0, 40) } : {}),
      claimedResult: paidClaim ? "paid" : String(event.resultCode).slice(0, 40),
      ...(transfer.checkoutRequestId ? {} : { checkoutRequestId: event.checkoutRequestId }),
    })
    .where(eq(loanTransfers.id, transfer.id));
  afterCommit.enqueue(
    "lending.query-stk",
    { transferId: transfer.id, attempt: 1 },
    { jobId: `lending-stk-confirm-${row.id}` },
  );
  return paidClaim ? "confirming" : "querying";
}

/**
 * A Paybill payment to the lender: kept as a `confirming` transfer matched to the loan its account names (or to
 * none), then confirmed by Transaction Status before anything is applied. A receipt is one transfer.
 */
async function receivePaybillRepayment(
  tx: Transaction,
  afterCommit: AfterCommit,
  ctx: ServiceContext,
  event: C2bEvent,
) {
  const lender = requireLender(ctx.config.mpesa);
  if (event.businessShortCode && event.businessShortCode !== lender.paybillShortcode)
    return "other-shortcode";
  const number = normaliseLoanNumber(event.billRefNumber);
  const [loan] = number
    ? await tx
        .select({ id: loans.id, businessId: loans.businessId })
        .from(loans)
        .where(eq(loans.number, number))
    : [];
  const payerName = [event.firstName, event.middleName, event.lastName].filter(Boolean).join(" ");
  const [transfer] = await tx
    .insert(loanTransfers)
    .values({
      loanId: loan?.id ?? null,
      businessId: loan?.businessId ?? null,
      kind: "paybill",
      status: "confirming",
      amountMinor: event.amountMinor,
      phone: event.phone ?? event.msisdn.slice(0, 20),
      accountReference: event.billRefNumber.slice(0, 100),
      receipt: event.transId.slice(0, 40),
      payerName: payerName ? payerName.slice(0, 200) : null,
    })
    .onConflictDoNothing()
    .returning({ id: loanTransfers.id });
  if (!transfer) return "duplicate-receipt";
  if (loan) {
    await recordActivity(tx, actorFor(loan.businessId), {
      action: "loan.paybill_received",
      entityType: "loan",
      entityId: loan.id,
      businessId: loan.businessId,
      metadata: { receipt: event.transId, amountMinor: event.amountMinor.toString(), confirming: true },
    });
  }
  const delay = ctx.config.mpesa.confirmationDelaysMs[0] ?? 0;
  afterCommit.enqueue(
    "lending.query-transfer",
    { transferId: transfer.id, attempt: 1 },
    delay > 0 ? { delayMs: delay } : {},
  );
  return loan ? "confirming" : "confirming-unmatched";
}

/** Registers the lender Paybill's confirmation and validation URLs with Daraja (worker start; the desk). */
export async function registerLenderPaybillUrls(ctx: Pick<ServiceContext, "config">) {
  const lender = requireLender(ctx.config.mpesa);
  const urls = lenderCallbackUrls(ctx.config.mpesa, lender);
  return createLenderDarajaClient(ctx.config.mpesa, lender).c2bRegister({
    shortCode: lender.paybillShortcode,
    responseType: "Completed",
    confirmationUrl: urls.c2bConfirmation,
    validationUrl: urls.c2bValidation,
  });
}

/** The sweep: stored-but-unprocessed lender callbacks, disbursements whose send job was lost, transfers stuck. */
export async function sweepLenderMpesa(ctx: ServiceContext) {
  const now = ctx.now().getTime();
  const callbacks = await sweepInbox(LENDER_INBOX, ctx);
  const stuck = await ctx.db
    .select({
      id: loanTransfers.id,
      kind: loanTransfers.kind,
      status: loanTransfers.status,
      queries: loanTransfers.statusQueries,
    })
    .from(loanTransfers)
    .where(
      or(
        and(eq(loanTransfers.status, "queued"), lt(loanTransfers.updatedAt, new Date(now - 60_000))),
        and(
          inArray(loanTransfers.status, ["sent", "unknown", "confirming"]),
          lt(loanTransfers.updatedAt, new Date(now - 10 * 60_000)),
          lt(loanTransfers.statusQueries, 20),
        ),
      ),
    )
    .limit(200);
  for (const transfer of stuck) {
    const attempt = Math.min(100, transfer.queries + 1);
    const job =
      transfer.status === "queued"
        ? ctx.jobs.enqueue("lending.send-disbursement", { transferId: transfer.id })
        : transfer.kind === "stk"
          ? ctx.jobs.enqueue(
              "lending.query-stk",
              { transferId: transfer.id, attempt },
              { jobId: `lending-stk-${transfer.id}-sweep-${attempt}` },
            )
          : ctx.jobs.enqueue(
              "lending.query-transfer",
              { transferId: transfer.id, attempt },
              { jobId: `lending-status-${transfer.id}-sweep-${attempt}` },
            );
    await job.catch((error: unknown) => ctx.logger.warn({ err: error }, "lender sweep could not enqueue"));
  }
  return { callbacks, transfers: stuck.length };
}

// ---- Views ------------------------------------------------------------------------------------------------------

/** What the loan page and the desk show of a transfer: no raw conversation ids. */
function toTransferView(row: TTransferRow) {
  return {
    id: row.id,
    loanId: row.loanId,
    kind: row.kind,
    status: row.status,
    amountMinor: row.amountMinor,
    currency: row.currency,
    receipt: row.receipt,
    accountReference: row.accountReference,
    failureReason: row.failureReason,
    createdAt: row.createdAt,
    completedAt: row.completedAt,
  };
}

export async function listLoanTransfers(db: DbOrTx, loanId: string) {
  const rows = await db
    .select()
    .from(loanTransfers)
    .where(eq(loanTransfers.loanId, loanId))
    .orderBy(desc(loanTransfers.createdAt))
    .limit(100);
  return rows.map(toTransferView);
}

/** One repayment prompt of the business's loan, for the Repay dialog's live status. */
export async function getLoanTransfer(db: DbOrTx, businessId: string, loanId: string, transferId: string) {
  const [row] = await db
    .select()
    .from(loanTransfers)
    .where(
      and(
        eq(loanTransfers.id, transferId),
        eq(loanTransfers.loanId, loanId),
        eq(loanTransfers.businessId, businessId),
      ),
    );
  if (!row) throw new AppError("NOT_FOUND", "Payment not found");
  return toTransferView(row);
}

/** Paybill payments no loan could take, for the desk. */
export async function listUnmatchedLoanPayments(db: DbOrTx) {
  const rows = await db
    .select()
    .from(loanTransfers)
    .where(eq(loanTransfers.status, "unmatched"))
    .orderBy(desc(loanTransfers.createdAt))
    .limit(100);
  return rows.map((row) => ({ ...toTransferView(row), payerName: row.payerName }));
}

/** The loan a typed number names (already normalised by ZLoanNumberSchema), as a field error when none. */
async function findLoanByNumber(tx: DbOrTx, number: string) {
  const [loan] = await tx.select({ id: loans.id }).from(loans).where(eq(loans.number, number));
  if (!loan) {
    throw new AppError("NOT_FOUND", "No loan has this number", {
      fieldErrors: { loanNumber: ["No loan has this number"] },
    });
  }
  return findLoan(tx, loan.id);
}

/** Desk: applies an unmatched (confirmed) Paybill payment to the loan a person chose (by id or number). */
export async function assignLoanPayment(
  ctx: ServiceContext,
  transferId: string,
  target: { loanId: string } | { loanNumber: string },
) {
  return inTransaction(ctx, async (tx, afterCommit) => {
    const transfer = await lockTransfer(tx, transferId);
    if (transfer?.status !== "unmatched") throw new AppError("NOT_FOUND", "Unmatched payment not found");
    const loan =
      "loanId" in target ? await findLoan(tx, target.loanId) : await findLoanByNumber(tx, target.loanNumber);
    if (loan.status !== "active") {
      throw new AppError("CONFLICT", "Only an active loan takes a repayment", {
        fieldErrors: { loanNumber: ["Only an active loan takes a repayment"] },
      });
    }
    const [moved] = await tx
      .update(loanTransfers)
      .set({ loanId: loan.id, businessId: loan.businessId, status: "confirming" })
      .where(eq(loanTransfers.id, transfer.id))
      .returning();
    await recordActivity(tx, ctx.actor, {
      action: "loan.payment_assigned",
      entityType: "loan",
      entityId: loan.id,
      businessId: loan.businessId,
      metadata: { receipt: transfer.receipt, amountMinor: transfer.amountMinor.toString(), transferId },
    });
    if (!moved) throw new Error("assign: update returned nothing");
    const outcome = await applyConfirmedRepayment({ tx, afterCommit, ctx }, moved, {
      reference: String(transfer.receipt),
      amountMinor: transfer.amountMinor,
      receivedAt: transfer.completedAt ?? ctx.now(),
    });
    return { outcome };
  });
}
