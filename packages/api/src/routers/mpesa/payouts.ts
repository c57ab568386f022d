import {
  ZListPayoutsSchema,
  ZPayoutRefSchema,
  ZRejectPayoutSchema,
  ZRequestPayoutSchema,
} from "@kavi/domain";
import { approvePayout, getPayout, listPayouts, rejectPayout, requestPayout } from "../../services/mpesa";
import { businessProcedure, createTRPCRouter } from "../../trpc";

const readPayouts = businessProcedure("payouts.read");
/** Maker and checker: see payouts.request and payouts.approve in the permissions catalogue. */
const makePayouts = businessProcedure("payouts.request");
const approvePayouts = businessProcedure("payouts.approve");
const rejectPayouts = businessProcedure("payouts.reject");

export const mpesaPayoutsRouter = createTRPCRouter({
  list: readPayouts
    .input(ZListPayoutsSchema)
    .query(({ ctx, input }) => listPayouts(ctx.db, ctx.business.id, input)),
  get: readPayouts
    .input(ZPayoutRefSchema)
    .query(({ ctx, input }) => getPayout(ctx.db, ctx.business.id, input.payoutId)),
  request: makePayouts
    .input(ZRequestPayoutSchema)
    .mutation(({ ctx, input }) => requestPayout(ctx, ctx.business.id, input)),
  approve: approvePayouts
    .input(ZPayoutRefSchema)
    .mutation(({ ctx, input }) => approvePayout(ctx, ctx.business.id, input.payoutId)),
  reject: rejectPayouts
    .input(ZRejectPayoutSchema)
    .mutation(({ ctx, input }) => rejectPayout(ctx, ctx.business.id, input.payoutId, input.reason)),
});
