import {
  ZAssignLoanPaymentSchema,
  ZIdSchema,
  ZLanguageSchema,
  ZLoanDecisionInputSchema,
  ZLoanProductInputSchema,
} from "@kavi/domain";
import { z } from "zod";
import { findLoan } from "../../services/lending/applications";
import {
  createLoanProduct,
  listLoanProducts,
  setLoanProductActive,
  updateLoanProduct,
} from "../../services/lending/products";
import {
  decideLoan,
  listReviewQueue,
  readDecisionSupport,
  readPortfolio,
  recommendLoan,
} from "../../services/lending/review";
import { renderLoanStatement } from "../../services/lending/statement";
import {
  assignLoanPayment,
  disburseLoan,
  listLoanTransfers,
  listUnmatchedLoanPayments,
  registerLenderPaybillUrls,
} from "../../services/lending/transfers";
import { languageOfUser } from "../../services/user-language";
import { createTRPCRouter, lenderProcedure } from "../../trpc";
import { lendingOfficersRouter } from "./officers";

/** The platform's lending desk: products, the review queue with maker-checker decisions, the portfolio. */
export const lendingRouter = createTRPCRouter({
  /** Answers true for the desk; everyone else gets NOT_FOUND (the client hides the desk). */
  access: lenderProcedure.query(() => ({ lender: true as const })),
  products: lenderProcedure.query(({ ctx }) => listLoanProducts(ctx.db)),
  createProduct: lenderProcedure
    .input(ZLoanProductInputSchema)
    .mutation(({ ctx, input }) => createLoanProduct(ctx, input)),
  updateProduct: lenderProcedure
    .input(z.object({ productId: ZIdSchema, product: ZLoanProductInputSchema }))
    .mutation(({ ctx, input }) => updateLoanProduct(ctx, input.productId, input.product)),
  setProductActive: lenderProcedure
    .input(z.object({ productId: ZIdSchema, active: z.boolean() }))
    .mutation(({ ctx, input }) => setLoanProductActive(ctx, input.productId, input.active)),
  queue: lenderProcedure.query(({ ctx }) => listReviewQueue(ctx.db)),
  review: lenderProcedure
    .input(z.object({ loanId: ZIdSchema }))
    .query(({ ctx, input }) => readDecisionSupport(ctx, input.loanId)),
  recommend: lenderProcedure
    .input(ZLoanDecisionInputSchema.extend({ recommendation: z.enum(["approve", "decline"]) }))
    .mutation(({ ctx, input }) =>
      recommendLoan(ctx, {
        loanId: input.applicationId,
        recommendation: input.recommendation,
        reason: input.reason,
      }),
    ),
  decide: lenderProcedure
    .input(ZLoanDecisionInputSchema.extend({ decision: z.enum(["approve", "decline"]) }))
    .mutation(({ ctx, input }) =>
      decideLoan(ctx, { loanId: input.applicationId, decision: input.decision, reason: input.reason }),
    ),
  portfolio: lenderProcedure.query(({ ctx }) => readPortfolio(ctx.db, ctx.now())),
  /** Any loan's statement PDF, in the language asked for (the officer's own by default). */
  statement: lenderProcedure
    .input(z.object({ loanId: ZIdSchema, language: ZLanguageSchema.optional() }))
    .query(async ({ ctx, input }) => {
      const loan = await findLoan(ctx.db, input.loanId);
      const language = input.language ?? (await languageOfUser(ctx.db, ctx.user.id));
      return renderLoanStatement(ctx.db, loan, language, ctx.now());
    }),
  officers: lendingOfficersRouter,
  /** Sends an approved loan's money from the lender's B2C shortcode (not by the officer who recommended it). */
  disburse: lenderProcedure
    .input(z.object({ loanId: ZIdSchema }))
    .mutation(({ ctx, input }) => disburseLoan(ctx, input.loanId)),
  /** A loan's disbursement and repayments over M-Pesa. */
  transfers: lenderProcedure
    .input(z.object({ loanId: ZIdSchema }))
    .query(({ ctx, input }) => listLoanTransfers(ctx.db, input.loanId)),
  /** Paybill payments whose account named no loan that could take them: kept here, never lost. */
  unmatchedPayments: lenderProcedure.query(({ ctx }) => listUnmatchedLoanPayments(ctx.db)),
  /** Applies an unmatched payment to the loan named by id or by the number the officer types. */
  assignPayment: lenderProcedure
    .input(ZAssignLoanPaymentSchema)
    .mutation(({ ctx, input }) =>
      assignLoanPayment(
        ctx,
        input.transferId,
        input.loanNumber !== undefined ? { loanNumber: input.loanNumber } : { loanId: String(input.loanId) },
      ),
    ),
  /** Registers the lender Paybill's callback URLs with Daraja (also done when the worker starts). */
  registerPaybillUrls: lenderProcedure.mutation(async ({ ctx }) => {
    await registerLenderPaybillUrls(ctx);
    return { registered: true as const };
  }),
});
