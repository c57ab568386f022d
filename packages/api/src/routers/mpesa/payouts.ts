import {
  ZListPayoutsSchema,
  ZPayoutRefSchema,
  ZRejectPayoutSchema,
  ZRequestPayoutSchema,
} from "@kavi/domain";
import { approvePayout, getPayout, listPayouts, rejectPayout, requestPayout } from "../../services/mpesa";
import { businessProcedure, createTRPCRouter } from "../../trpc";
import { mpesaDepsOf } from "./context";

const readPayouts = businessProcedure({ module: "payments", access: "read" });
/** Maker: owners and admins ask for payouts (money to someone's phone: a verified address too). */
const makePayouts = businessProcedure({ module: "payments", access: "manage", verifiedEmail: true });
/** Checker: only an owner approves, and never their own request; approving sends the money. */
const checkPayouts = businessProcedure({ module: "payments", access: "own" });
const approvePayouts = businessProcedure({ module: "payments", access: "own", verifiedEmail: true });

export const mpesaPayoutsRouter = createTRPCRouter({
  list: readPayouts
    .input(ZListPayoutsSchema)
    .query(({ ctx, input }) => listPayouts(ctx.db, ctx.business.id, input)),
  get: readPayouts
    .input(ZPayoutRefSchema)
    .query(({ ctx, input }) => getPayout(ctx.db, ctx.business.id, input.payoutId)),
  request: makePayouts
    .input(ZRequestPayoutSchema)
    .mutation(({ ctx, input }) => requestPayout(mpesaDepsOf(ctx), ctx.business.id, input)),
  approve: approvePayouts
    .input(ZPayoutRefSchema)
    .mutation(({ ctx, input }) => approvePayout(mpesaDepsOf(ctx), ctx.business.id, input.payoutId)),
  reject: checkPayouts
    .input(ZRejectPayoutSchema)
    .mutation(({ ctx, input }) =>
      rejectPayout(mpesaDepsOf(ctx), ctx.business.id, input.payoutId, input.reason),
    ),
});
