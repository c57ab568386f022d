import {
  localDateOf,
  ZFileRefSchema,
  ZIdSchema,
  ZLanguageSchema,
  ZLoanApplicationInputSchema,
  ZLoanRepaymentInputSchema,
  ZRequestUploadSchema,
} from "@kavi/domain";
import { z } from "zod";
import { completeUpload, downloadFile, requestUpload } from "../../services/files/files";
import {
  applyForLoan,
  findLoan,
  getLoanDetail,
  listBusinessLoans,
  withdrawLoanApplication,
} from "../../services/lending/applications";
import { listLoanOffers } from "../../services/lending/products";
import { renderLoanStatement } from "../../services/lending/statement";
import {
  getLoanTransfer,
  listLoanTransfers,
  repaymentAmountsOf,
  requestLoanRepayment,
} from "../../services/lending/transfers";
import { languageOfUser } from "../../services/user-language";
import { businessProcedure, createTRPCRouter } from "../../trpc";

const readLoans = businessProcedure("loans.read");
const applyLoans = businessProcedure("loans.apply");
const repayLoans = businessProcedure("loans.repay");

/** The business side of lending: offers, applications with KYC documents, and its loans. */
export const loansRouter = createTRPCRouter({
  offers: readLoans.query(({ ctx }) => listLoanOffers(ctx.db, ctx.business, ctx.now())),
  list: readLoans.query(({ ctx }) => listBusinessLoans(ctx.db, ctx.business.id)),
  get: readLoans.input(z.object({ loanId: ZIdSchema })).query(async ({ ctx, input }) => {
    const loan = await findLoan(ctx.db, input.loanId, ctx.business.id);
    return getLoanDetail(ctx.db, loan, ctx.business.timezone, ctx.now());
  }),
  /** The loan's statement PDF (schedule, repayments, penalties, balance), in the reader's language. */
  statement: readLoans
    .input(z.object({ loanId: ZIdSchema, language: ZLanguageSchema.optional() }))
    .query(async ({ ctx, input }) => {
      const loan = await findLoan(ctx.db, input.loanId, ctx.business.id);
      const language = input.language ?? (await languageOfUser(ctx.db, ctx.user.id));
      return renderLoanStatement(ctx.db, loan, language, ctx.now());
    }),
  submitApplication: applyLoans.input(ZLoanApplicationInputSchema).mutation(({ ctx, input }) => {
    const { businessId: _scope, ...application } = input;
    return applyForLoan(ctx, ctx.business, application);
  }),
  withdraw: applyLoans
    .input(z.object({ loanId: ZIdSchema }))
    .mutation(({ ctx, input }) => withdrawLoanApplication(ctx, ctx.business.id, input.loanId)),
  /** KYC documents go straight from the browser to storage; `completeDocument` checks the bytes. */
  requestDocumentUpload: applyLoans.input(ZRequestUploadSchema).mutation(({ ctx, input }) => {
    const { businessId: _scope, ...file } = input;
    return requestUpload(ctx, ctx.business.id, "kyc_document", file);
  }),
  completeDocument: applyLoans.input(ZFileRefSchema).mutation(async ({ ctx, input }) => {
    const file = await completeUpload(ctx, ctx.business.id, input.fileId, ["kyc_document"]);
    return { id: file.id, fileName: file.fileName, contentType: file.contentType, sizeBytes: file.sizeBytes };
  }),
  /** The loan's money: disbursement and repayments over M-Pesa, and what it owes now (next instalment, settle). */
  money: readLoans.input(z.object({ loanId: ZIdSchema })).query(async ({ ctx, input }) => {
    const loan = await findLoan(ctx.db, input.loanId, ctx.business.id);
    const [transfers, amounts] = await Promise.all([
      listLoanTransfers(ctx.db, loan.id),
      repaymentAmountsOf(ctx.db, loan, localDateOf(ctx.now(), ctx.business.timezone)),
    ]);
    const lender = ctx.config.mpesa.lender;
    return {
      transfers,
      amounts,
      repayable: loan.status === "active" && lender !== null,
      /** Where a Paybill repayment goes (the loan number is the account). */
      paybill: lender?.paybillShortcode ?? null,
    };
  }),
  /** "Repay": an M-Pesa prompt to the phone given, to the lender's Paybill with the loan number as account. */
  repay: repayLoans.input(ZLoanRepaymentInputSchema).mutation(({ ctx, input }) => {
    const { businessId: _scope, ...repayment } = input;
    return requestLoanRepayment(ctx, ctx.business, repayment);
  }),
  /** A repayment prompt's live status (the dialog polls it). */
  repayment: readLoans
    .input(z.object({ loanId: ZIdSchema, transferId: ZIdSchema }))
    .query(({ ctx, input }) => getLoanTransfer(ctx.db, ctx.business.id, input.loanId, input.transferId)),
  downloadDocument: readLoans
    .input(ZFileRefSchema)
    .query(({ ctx, input }) => downloadFile(ctx, ctx.business.id, input.fileId, ["kyc_document"])),
});
