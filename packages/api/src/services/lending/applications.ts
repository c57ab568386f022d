import { type DbOrTx, files, loanDocuments, loanInstalments, loanRepayments, loans } from "@kavi/db";
import {
  computeRepaymentSchedule,
  KYC_DOCUMENT_KINDS,
  type LoanApplicationStatus,
  localDateOf,
  normalizePhone,
  parseMoney,
  type ZLoanApplicationInputSchema,
} from "@kavi/domain";
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { z } from "zod";
import { AppError } from "../../errors";
import { recordActivity } from "../activity";
import { readCreditScore } from "../credit";
import { findFile } from "../files/files";
import type { ServiceContext } from "../service-context";
import type { LedgerBusiness } from "../transactions/queries";
import { holdTransactionLock, inTransaction } from "../unit-of-work";
import { announceLoanStatusChanged } from "../webhooks/domain-events";
import { findActiveProduct, LENDING_CURRENCY, qualifiesFor } from "./products";
import { type TLoanRow, termsOfLoan } from "./terms";

type TLoanApplicationInput = z.output<typeof ZLoanApplicationInputSchema>;

/** An application still in the lender's hands or on its way: a business has at most one. */
export const OPEN_LOAN_STATUSES = [
  "submitted",
  "recommended",
  "approved",
  "disbursing",
] as const satisfies readonly LoanApplicationStatus[];

function refuse(field: string, message: string): AppError {
  return new AppError("BAD_REQUEST", message, { fieldErrors: { [field]: [message] } });
}

export async function applyForLoan(
  ctx: ServiceContext,
  business: LedgerBusiness,
  input: TLoanApplicationInput,
) {
  const product = await findActiveProduct(ctx.db, input.productId);
  if (business.baseCurrency !== LENDING_CURRENCY) {
    throw new AppError("BAD_REQUEST", "Loans are offered to businesses that keep their books in KES");
  }
  const principalMinor = parseMoney(input.amount, LENDING_CURRENCY);
  if (principalMinor < product.minAmountMinor || principalMinor > product.maxAmountMinor) {
    throw refuse("amount", "Choose an amount within this offer's range");
  }
  if (input.tenor < product.minTenor || input.tenor > product.maxTenor) {
    throw refuse("tenor", "Choose a tenor within this offer's range");
  }
  const credit = await readCreditScore(ctx.db, business, ctx.now());
  if (!qualifiesFor(product, credit.current.score)) {
    throw new AppError("BAD_REQUEST", "Your business does not qualify for this offer yet");
  }
  return inTransaction(ctx, async (tx, afterCommit) => {
    // One open application at a time; the lock keeps two quick submissions from both passing.
    await holdTransactionLock(tx, `loan-apply:${business.id}`);
    const [open] = await tx
      .select({ id: loans.id })
      .from(loans)
      .where(and(eq(loans.businessId, business.id), inArray(loans.status, [...OPEN_LOAN_STATUSES])));
    if (open) throw new AppError("CONFLICT", "You already have a loan application in progress");
    for (const document of input.documents) {
      const file = await findFile(tx, business.id, document.fileId, ["kyc_document"]);
      if (file.status !== "ready") throw refuse("documents", "Finish uploading every document first");
    }
    const sequence = await tx.execute<{ value: string }>(
      sql`select nextval('loan_number_seq')::text as value`,
    );
    const [loan] = await tx
      .insert(loans)
      .values({
        businessId: business.id,
        number: `LN${String(sequence.rows[0]?.value).padStart(6, "0")}`,
        productId: product.id,
        currency: LENDING_CURRENCY,
        principalMinor,
        tenorCount: input.tenor,
        tenorUnit: product.tenorUnit,
        interestMethod: product.interestMethod,
        annualInterestRateBps: product.annualInterestRateBps,
        feeRateBps: product.feeRateBps,
        feeFixedMinor: product.feeFixedMinor,
        penaltyRateBps: product.penaltyRateBps,
        penaltyGraceDays: product.penaltyGraceDays,
        purpose: input.purpose,
        payoutPhone: normalizePhone(input.payoutPhone),
        appliedByUserId: ctx.actor.userId,
      })
      .returning();
    if (!loan) throw new Error("applyForLoan: insert returned nothing");
    if (input.documents.length > 0) {
      await tx
        .insert(loanDocuments)
        .values(input.documents.map((document) => ({ loanId: loan.id, ...document })))
        .onConflictDoNothing();
    }
    await recordActivity(tx, ctx.actor, {
      action: "loan.applied",
      entityType: "loan",
      entityId: loan.id,
      businessId: business.id,
      metadata: {
        number: loan.number,
        principalMinor: loan.principalMinor.toString(),
        product: product.name,
      },
    });
    await announceLoanStatusChanged(tx, afterCommit, loan, null, ctx.now());
    return loan;
  });
}

export function listBusinessLoans(db: DbOrTx, businessId: string) {
  return db.select().from(loans).where(eq(loans.businessId, businessId)).orderBy(desc(loans.createdAt));
}

export async function findLoan(db: DbOrTx, loanId: string, businessId?: string): Promise<TLoanRow> {
  const [loan] = await db
    .select()
    .from(loans)
    .where(businessId ? and(eq(loans.id, loanId), eq(loans.businessId, businessId)) : eq(loans.id, loanId));
  if (!loan) throw new AppError("NOT_FOUND", "Loan not found");
  return loan;
}

export async function loanDocumentsOf(db: DbOrTx, loan: TLoanRow) {
  return db
    .select({
      fileId: files.id,
      kind: loanDocuments.kind,
      fileName: files.fileName,
      contentType: files.contentType,
      sizeBytes: files.sizeBytes,
    })
    .from(loanDocuments)
    .innerJoin(files, and(eq(files.id, loanDocuments.fileId), eq(files.businessId, loan.businessId)))
    .where(eq(loanDocuments.loanId, loan.id))
    .orderBy(asc(loanDocuments.createdAt));
}

/** Which KYC documents an application carries, in the catalogue's order. */
export function kycChecklist(documents: readonly { kind: (typeof KYC_DOCUMENT_KINDS)[number] }[]) {
  return KYC_DOCUMENT_KINDS.map((kind) => ({
    kind,
    provided: documents.some((document) => document.kind === kind),
  }));
}

/**
 * A loan as its business sees it: terms, documents, and the schedule (the booked one once disbursed; before
 * that, the one it would have if sent today).
 */
export async function getLoanDetail(db: DbOrTx, loan: TLoanRow, timezone: string, now: Date) {
  const [documents, instalments, repayments] = await Promise.all([
    loanDocumentsOf(db, loan),
    db
      .select()
      .from(loanInstalments)
      .where(eq(loanInstalments.loanId, loan.id))
      .orderBy(loanInstalments.number),
    db
      .select()
      .from(loanRepayments)
      .where(eq(loanRepayments.loanId, loan.id))
      .orderBy(desc(loanRepayments.receivedAt)),
  ]);
  const preview =
    instalments.length === 0
      ? computeRepaymentSchedule(termsOfLoan(loan), loan.startDate ?? localDateOf(now, timezone))
      : null;
  return {
    loan,
    documents,
    kyc: kycChecklist(documents),
    instalments,
    repayments,
    preview,
  };
}

export async function withdrawLoanApplication(ctx: ServiceContext, businessId: string, loanId: string) {
  return inTransaction(ctx, async (tx, afterCommit) => {
    const [loan] = await tx
      .update(loans)
      .set({ status: "withdrawn" })
      .where(
        and(
          eq(loans.id, loanId),
          eq(loans.businessId, businessId),
          inArray(loans.status, ["submitted", "recommended"]),
        ),
      )
      .returning();
    if (!loan) {
      await findLoan(tx, loanId, businessId);
      throw new AppError("CONFLICT", "This application has already been decided");
    }
    await recordActivity(tx, ctx.actor, {
      action: "loan.withdrawn",
      entityType: "loan",
      entityId: loan.id,
      businessId,
      metadata: { number: loan.number },
    });
    await announceLoanStatusChanged(tx, afterCommit, loan, null, ctx.now());
    return loan;
  });
}
