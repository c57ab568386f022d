import type { Transaction } from "@kavi/db";
import { loanInstalments, loanRepayments, loans } from "@kavi/db";
import {
  accruedPenaltyMinor,
  allocateRepayment,
  computeRepaymentSchedule,
  type InstalmentState,
  localDateOf,
  outstandingMinor,
  settlementQuote,
  unpaidInstalments,
} from "@kavi/domain";
import { and, eq, sql } from "drizzle-orm";
import { AppError } from "../../errors";
import { recordActivity } from "../activity";
import type { ServiceContext } from "../service-context";
import { type AfterCommit, inTransaction } from "../unit-of-work";
import { announceLoanStatusChanged } from "../webhooks/domain-events";
import { findLoan } from "./applications";
import { termsOfLoan } from "./terms";

/**
 * The money-moving steps of a loan, as services the M-Pesa paths will call: a confirmed disbursement starts the
 * schedule; a confirmed repayment is split and applied; the daily run charges penalties on arrears. The M-Pesa
 * paths (lending/transfers.ts) call the `…InTransaction` forms inside the settlement that confirms the money.
 */

/** A transaction the M-Pesa settlement already holds, with who acts and the clock. */
export interface LoanUnit {
  tx: Transaction;
  afterCommit: AfterCommit;
  ctx: Pick<ServiceContext, "actor" | "now">;
}

/** Starts an approved loan's schedule from the local day its money was confirmed sent. */
export async function activateLoan(ctx: ServiceContext, loanId: string, disbursedAt: Date, timezone: string) {
  return inTransaction(ctx, (tx, afterCommit) =>
    activateLoanInTransaction({ tx, afterCommit, ctx }, loanId, disbursedAt, timezone),
  );
}

/** activateLoan inside the caller's transaction (the confirmed B2C result settles the payout and the loan at once). */
export async function activateLoanInTransaction(
  { tx, afterCommit, ctx }: LoanUnit,
  loanId: string,
  disbursedAt: Date,
  timezone: string,
) {
  const startDate = localDateOf(disbursedAt, timezone);
  const [loan] = await tx
    .update(loans)
    .set({ status: "active", disbursedAt, startDate })
    .where(and(eq(loans.id, loanId), sql`${loans.status} in ('approved', 'disbursing')`))
    .returning();
  if (!loan) {
    await findLoan(tx, loanId);
    throw new AppError("CONFLICT", "Only an approved loan can be disbursed");
  }
  const schedule = computeRepaymentSchedule(termsOfLoan(loan), startDate);
  await tx
    .insert(loanInstalments)
    .values(unpaidInstalments(schedule).map((row) => ({ ...row, loanId: loan.id })));
  await recordActivity(tx, ctx.actor, {
    action: "loan.disbursed",
    entityType: "loan",
    entityId: loan.id,
    businessId: loan.businessId,
    metadata: { number: loan.number, principalMinor: loan.principalMinor.toString(), startDate },
  });
  await announceLoanStatusChanged(tx, afterCommit, loan, null, ctx.now());
  return loan;
}

async function lockedInstalments(tx: Transaction, loanId: string) {
  return tx
    .select()
    .from(loanInstalments)
    .where(eq(loanInstalments.loanId, loanId))
    .orderBy(loanInstalments.number)
    .for("update");
}

async function saveInstalments(tx: Transaction, rows: readonly (InstalmentState & { id: string })[]) {
  for (const row of rows) {
    await tx
      .update(loanInstalments)
      .set({
        penaltyMinor: row.penaltyMinor,
        principalPaidMinor: row.principalPaidMinor,
        interestPaidMinor: row.interestPaidMinor,
        feePaidMinor: row.feePaidMinor,
        penaltyPaidMinor: row.penaltyPaidMinor,
        interestWaivedMinor: row.interestWaivedMinor,
      })
      .where(eq(loanInstalments.id, row.id));
  }
}

export interface ConfirmedRepayment {
  amountMinor: bigint;
  /** The M-Pesa receipt: a receipt is applied once, however often it is reported. */
  reference: string;
  channel: "stk" | "paybill";
  receivedAt: Date;
  /**
   * The local day it was received: when given, a payment covering the early-settlement amount of that day
   * settles the loan early (later periods' interest waived, settlementQuote) before it is split.
   */
  settleAsOf?: string;
}

/** Applies a confirmed repayment: oldest instalment first, penalty → fee → interest → principal; settles at zero. */
export async function applyLoanRepayment(ctx: ServiceContext, loanId: string, payment: ConfirmedRepayment) {
  return inTransaction(ctx, (tx, afterCommit) =>
    applyLoanRepaymentInTransaction({ tx, afterCommit, ctx }, loanId, payment),
  );
}

/** applyLoanRepayment inside the caller's transaction (the confirmation that settles the M-Pesa payment). */
export async function applyLoanRepaymentInTransaction(
  { tx, afterCommit, ctx }: LoanUnit,
  loanId: string,
  payment: ConfirmedRepayment,
) {
  const [existing] = await tx
    .select()
    .from(loanRepayments)
    .where(eq(loanRepayments.reference, payment.reference));
  if (existing) return existing;
  const loan = await findLoan(tx, loanId);
  if (loan.status !== "active") throw new AppError("CONFLICT", "This loan is not being repaid");
  const locked = await lockedInstalments(tx, loan.id);
  const quote = payment.settleAsOf ? settlementQuote(locked, payment.settleAsOf) : null;
  const rows = quote && payment.amountMinor >= quote.amountMinor ? quote.instalments : locked;
  const allocation = allocateRepayment(rows, payment.amountMinor);
  await saveInstalments(
    tx,
    allocation.instalments.map((row, index) => ({ ...row, id: locked[index]?.id ?? "" })),
  );
  const [repayment] = await tx
    .insert(loanRepayments)
    .values({
      loanId: loan.id,
      businessId: loan.businessId,
      amountMinor: payment.amountMinor,
      principalMinor: allocation.applied.principal,
      interestMinor: allocation.applied.interest,
      feeMinor: allocation.applied.fee,
      penaltyMinor: allocation.applied.penalty,
      unappliedMinor: allocation.unappliedMinor,
      channel: payment.channel,
      reference: payment.reference,
      receivedAt: payment.receivedAt,
    })
    .returning();
  if (!repayment) throw new Error("applyLoanRepayment: insert returned nothing");
  const settled = outstandingMinor(allocation.instalments) === 0n;
  if (settled) {
    await tx
      .update(loans)
      .set({ status: "settled", settledAt: payment.receivedAt })
      .where(eq(loans.id, loan.id));
    await announceLoanStatusChanged(tx, afterCommit, { ...loan, status: "settled" }, null, ctx.now());
  }
  await recordActivity(tx, ctx.actor, {
    action: settled ? "loan.settled" : "loan.repaid",
    entityType: "loan",
    entityId: loan.id,
    businessId: loan.businessId,
    metadata: {
      number: loan.number,
      reference: payment.reference,
      amountMinor: payment.amountMinor.toString(),
      principalMinor: allocation.applied.principal.toString(),
      interestMinor: allocation.applied.interest.toString(),
      penaltyMinor: allocation.applied.penalty.toString(),
    },
  });
  return repayment;
}

/** Charges the penalty each overdue instalment has earned by `asOf` (idempotent: a penalty is never lowered). */
export async function accrueLoanPenalties(ctx: ServiceContext, loanId: string, asOf: string) {
  return inTransaction(ctx, async (tx) => {
    const loan = await findLoan(tx, loanId);
    if (loan.status !== "active") return 0n;
    const rows = await lockedInstalments(tx, loan.id);
    const policy = { penaltyRateBps: loan.penaltyRateBps, graceDays: loan.penaltyGraceDays };
    let charged = 0n;
    const updated = rows.map((row) => {
      const penaltyMinor = accruedPenaltyMinor(row, policy, asOf);
      charged += penaltyMinor - row.penaltyMinor;
      return { ...row, penaltyMinor };
    });
    if (charged > 0n) await saveInstalments(tx, updated);
    return charged;
  });
}
