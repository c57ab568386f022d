import { ZIdSchema, ZRejectReversalSchema, ZRequestReversalSchema } from "@kavi/domain";
import { z } from "zod";
import { approveReversal, listReversals, rejectReversal, requestReversal } from "../../services/mpesa";
import { businessProcedure, createTRPCRouter } from "../../trpc";

export const mpesaReversalsRouter = createTRPCRouter({
  /** A payment's reversals (or all of the business's), newest first. */
  list: businessProcedure("payments.read")
    .input(z.object({ mpesaPaymentId: ZIdSchema.nullish() }))
    .query(({ ctx, input }) => listReversals(ctx.db, ctx.business.id, input.mpesaPaymentId ?? null)),
  request: businessProcedure("reversals.request")
    .input(ZRequestReversalSchema)
    .mutation(({ ctx, input }) => requestReversal(ctx, ctx.business.id, input)),
  approve: businessProcedure("reversals.approve")
    .input(z.object({ reversalId: ZIdSchema }))
    .mutation(({ ctx, input }) => approveReversal(ctx, ctx.business.id, input.reversalId)),
  reject: businessProcedure("reversals.approve")
    .input(ZRejectReversalSchema)
    .mutation(({ ctx, input }) => rejectReversal(ctx, ctx.business.id, input.reversalId, input.reason)),
});
