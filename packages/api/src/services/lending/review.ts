import {
  businesses,
  type DbOrTx,
  files,
  lendingOfficers,
  loanInstalments,
  loanProducts,
  loanRepayments,
  loans,
} from "@kavi/db";
import {
  addDays,
  computeRepaymentSchedule,
  type InstalmentState,
  localDateOf,
  outstandingMinor,
  summariseArrears,
  unpaidComponents,
} from "@kavi/domain";
import { and, asc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import { AppError } from "../../errors";
import { recordActivity } from "../activity";
import { readCreditScore } from "../credit";
import { fileDownloadUrl } from "../files/files";
import { readForecast } from "../forecast";
import type { ServiceContext } from "../service-context";
import { inTransaction } from "../unit-of-work";
import { announceLoanStatusChanged } from "../webhooks/domain-events";
import { findLoan, kycChecklist, loanDocumentsOf } from "./applications";
import { largestInstalmentMinor, termsOfLoan } from "./terms";

/** Super-admins and the people on the lending desk. */
export async function isLender(db: DbOrTx, user: { id: string; isSuperAdmin: boolean }): Promise<boolean> {
  if (user.isSuperAdmin) return true;
  const [officer] = await db
    .select({ userId: lendingOfficers.userId })
    .from(lendingOfficers)
    .where(eq(lendingOfficers.userId, user.id));
  return officer !== undefined;
}

const REVIEW_STATUSES = ["submitted", "recommended"] as const;

/** Applications waiting for a recommendation or a decision, oldest first. */
export function listReviewQueue(db: DbOrTx) {
  return db
    .select({
      id: loans.id,
      number: loans.number,
      status: loans.status,
      principalMinor: loans.principalMinor,
      currency: loans.currency,
      tenorCount: loans.tenorCount,
      tenorUnit: loans.tenorUnit,
      recommendation: loans.recommendation,
      recommendedByUserId: loans.recommendedByUserId,
      createdAt: loans.createdAt,
      businessName: sql<string>`coalesce(${businesses.tradingName}, ${businesses.legalName})`,
      productName: loanProducts.name,
    })
    .from(loans)
    .innerJoin(businesses, eq(businesses.id, loans.businessId))
    .innerJoin(loanProducts, eq(loanProducts.id, loans.productId))
    .where(inArray(loans.status, [...REVIEW_STATUSES]))
    .orderBy(asc(loans.createdAt));
}

/** Share of expected monthly inflow the largest instalment takes, in basis points (null: no inflow expected). */
export function affordabilityBps(instalmentMinor: bigint, monthlyInflowMinor: bigint): number | null {
  if (monthlyInflowMinor <= 0n) return null;
  return Number((instalmentMinor * 10_000n + monthlyInflowMinor / 2n) / monthlyInflowMinor);
}

/** Instalments a month: weekly loans pay about 52/12 times a month. */
function monthlyInstalmentMinor(instalmentMinor: bigint, unit: "month" | "week"): bigint {
  return unit === "month" ? instalmentMinor : (instalmentMinor * 52n + 6n) / 12n;
}

/**
 * What a reviewer decides on: the credit score and its factors, affordability (the largest instalment, per
 * month, as a share of the next 30 days' expected inflow from the cash-flow forecast), and the KYC checklist.
 */
export async function readDecisionSupport(ctx: ServiceContext, loanId: string) {
  const loan = await findLoan(ctx.db, loanId);
  const [business] = await ctx.db
    .select({
      id: businesses.id,
      name: sql<string>`coalesce(${businesses.tradingName}, ${businesses.legalName})`,
      legalName: businesses.legalName,
      registrationNumber: businesses.registrationNumber,
      taxId: businesses.taxId,
      baseCurrency: businesses.baseCurrency,
      timezone: businesses.timezone,
    })
    .from(businesses)
    .where(eq(businesses.id, loan.businessId));
  if (!business) throw new AppError("NOT_FOUND", "Loan not found");
  const now = ctx.now();
  const [credit, forecast, documents, [product]] = await Promise.all([
    readCreditScore(ctx.db, business, now),
    readForecast(ctx.db, business, now),
    loanDocumentsOf(ctx.db, loan),
    ctx.db.select({ name: loanProducts.name }).from(loanProducts).where(eq(loanProducts.id, loan.productId)),
  ]);
  const schedule = computeRepaymentSchedule(termsOfLoan(loan), localDateOf(now, business.timezone));
  const instalmentMinor = largestInstalmentMinor(schedule);
  const monthlyInflowMinor = forecast.points
    .slice(0, 30)
    .reduce((total, point) => total + point.inflowMinor, 0n);
  const perMonth = monthlyInstalmentMinor(instalmentMinor, loan.tenorUnit);
  const documentLinks = await Promise.all(
    documents.map(async (document) => ({
      ...document,
      url: await fileDownloadUrl(ctx, {
        objectKey: await objectKeyOf(ctx.db, document.fileId),
        fileName: document.fileName,
        contentType: document.contentType,
      }),
    })),
  );
  return {
    loan,
    productName: product?.name ?? "",
    business: {
      id: business.id,
      name: business.name,
      legalName: business.legalName,
      registrationNumber: business.registrationNumber,
      taxId: business.taxId,
    },
    credit: {
      score: credit.current.score,
      band: credit.current.band,
      status: credit.current.status,
      factors: credit.current.factors,
      reasons: credit.current.reasons,
    },
    affordability: {
      instalmentMinor,
      monthlyInstalmentMinor: perMonth,
      monthlyInflowMinor,
      shareBps: affordabilityBps(perMonth, monthlyInflowMinor),
    },
    kyc: kycChecklist(documents),
    documents: documentLinks,
    schedule,
  };
}

async function objectKeyOf(db: DbOrTx, fileId: string): Promise<string> {
  const [file] = await db.select({ objectKey: files.objectKey }).from(files).where(eq(files.id, fileId));
  if (!file) throw new AppError("NOT_FOUND", "File not found");
  return file.objectKey;
}

export interface RecommendationInput {
  loanId: string;
  recommendation: "approve" | "decline";
  reason: string;
}

/** The maker: a lender recommends approving or declining, with a reason. */
export async function recommendLoan(ctx: ServiceContext, input: RecommendationInput) {
  return inTransaction(ctx, async (tx, afterCommit) => {
    const [loan] = await tx
      .update(loans)
      .set({
        status: "recommended",
        recommendation: input.recommendation,
        recommendationReason: input.reason,
        recommendedByUserId: ctx.actor.userId,
        recommendedAt: ctx.now(),
      })
      .where(and(eq(loans.id, input.loanId), eq(loans.status, "submitted")))
      .returning();
    if (!loan) {
      await findLoan(tx, input.loanId);
      throw new AppError("CONFLICT", "This application is not waiting for a recommendation");
    }
    await recordActivity(tx, ctx.actor, {
      action: "loan.recommended",
      entityType: "loan",
      entityId: loan.id,
      businessId: loan.businessId,
      metadata: { number: loan.number, recommendation: input.recommendation, reason: input.reason },
    });
    await announceLoanStatusChanged(tx, afterCommit, loan, input.reason, ctx.now());
    return loan;
  });
}

/**
 * The checker: another lender approves or declines a recommended application, with a reason. The one who
 * recommended can never decide; what the decider saw is kept with the decision.
 */
export async function decideLoan(
  ctx: ServiceContext,
  input: { loanId: string; decision: "approve" | "decline"; reason: string },
) {
  const current = await findLoan(ctx.db, input.loanId);
  if (current.status !== "recommended") {
    throw new AppError("CONFLICT", "This application needs a recommendation before a decision");
  }
  if (current.recommendedByUserId === ctx.actor.userId) {
    throw new AppError("FORBIDDEN", "Someone other than the person who recommended it must decide");
  }
  const support = await readDecisionSupport(ctx, input.loanId);
  const snapshot = {
    score: support.credit.score,
    band: support.credit.band,
    affordabilityShareBps: support.affordability.shareBps,
    monthlyInflowMinor: support.affordability.monthlyInflowMinor.toString(),
    instalmentMinor: support.affordability.instalmentMinor.toString(),
    kyc: support.kyc,
  };
  const status = input.decision === "approve" ? "approved" : "declined";
  return inTransaction(ctx, async (tx, afterCommit) => {
    const [loan] = await tx
      .update(loans)
      .set({
        status,
        decisionReason: input.reason,
        decidedByUserId: ctx.actor.userId,
        decidedAt: ctx.now(),
        decisionSupport: snapshot,
      })
      .where(
        and(
          eq(loans.id, input.loanId),
          eq(loans.status, "recommended"),
          sql`${loans.recommendedByUserId} is distinct from ${ctx.actor.userId}`,
        ),
      )
      .returning();
    if (!loan) throw new AppError("CONFLICT", "This application was decided meanwhile");
    await recordActivity(tx, ctx.actor, {
      action: input.decision === "approve" ? "loan.approved" : "loan.declined",
      entityType: "loan",
      entityId: loan.id,
      businessId: loan.businessId,
      metadata: { number: loan.number, reason: input.reason, support: snapshot },
    });
    await announceLoanStatusChanged(tx, afterCommit, loan, input.reason, ctx.now());
    return loan;
  });
}

function stateOf(row: typeof loanInstalments.$inferSelect): InstalmentState {
  return row;
}

/**
 * The lender's portfolio today: sent out, still owed, repaid, the share of outstanding principal more than 30
 * days late (PAR 30), and what falls due in the next 30 days.
 */
export async function readPortfolio(db: DbOrTx, now: Date, timezone = "Africa/Nairobi") {
  const today = localDateOf(now, timezone);
  const horizon = addDays(today, 30);
  const [disbursed] = await db
    .select({
      count: sql<number>`count(*)::int`,
      principal: sql<string>`coalesce(sum(${loans.principalMinor}), 0)::text`,
    })
    .from(loans)
    .where(isNotNull(loans.disbursedAt));
  const [repaid] = await db
    .select({
      total: sql<string>`coalesce(sum(${loanRepayments.amountMinor} - ${loanRepayments.unappliedMinor}), 0)::text`,
    })
    .from(loanRepayments);
  const rows = await db
    .select({ instalment: loanInstalments })
    .from(loanInstalments)
    .innerJoin(loans, eq(loans.id, loanInstalments.loanId))
    .where(eq(loans.status, "active"));
  const byLoan = new Map<string, InstalmentState[]>();
  for (const { instalment } of rows) {
    byLoan.set(instalment.loanId, [...(byLoan.get(instalment.loanId) ?? []), stateOf(instalment)]);
  }
  let outstanding = 0n;
  let principalOutstanding = 0n;
  let principalAtRisk = 0n;
  let expectedCollections = 0n;
  let inArrears = 0;
  for (const instalments of byLoan.values()) {
    outstanding += outstandingMinor(instalments);
    const principal = instalments.reduce(
      (total, instalment) => total + unpaidComponents(instalment).principal,
      0n,
    );
    principalOutstanding += principal;
    const arrears = summariseArrears(instalments, today);
    if (arrears.daysPastDue > 30) principalAtRisk += principal;
    if (arrears.daysPastDue > 0) inArrears += 1;
    for (const instalment of instalments) {
      if (instalment.dueDate >= today && instalment.dueDate <= horizon) {
        const unpaid = unpaidComponents(instalment);
        expectedCollections += unpaid.principal + unpaid.interest + unpaid.fee + unpaid.penalty;
      }
    }
  }
  return {
    asOf: today,
    disbursedCount: disbursed?.count ?? 0,
    disbursedMinor: BigInt(disbursed?.principal ?? "0"),
    activeCount: byLoan.size,
    outstandingMinor: outstanding,
    principalOutstandingMinor: principalOutstanding,
    repaidMinor: BigInt(repaid?.total ?? "0"),
    inArrearsCount: inArrears,
    par30Bps: principalOutstanding === 0n ? 0 : Number((principalAtRisk * 10_000n) / principalOutstanding),
    expectedCollectionsMinor: expectedCollections,
  };
}
