import { AppError } from "../../errors";
import {
  BALANCE_NEEDS_INITIATOR,
  getMpesaBalance,
  getMpesaStatus,
  MPESA_NOT_SET_UP,
  refreshMpesaBalance,
} from "../../services/mpesa";
import { businessProcedure, createTRPCRouter } from "../../trpc";

const balanceProcedure = businessProcedure("mpesa.balance");

export const mpesaBalanceRouter = createTRPCRouter({
  /** The newest balance Daraja sent (with its "as of" time), whether a refresh is on its way, and why one failed. */
  get: balanceProcedure.query(async ({ ctx }) => {
    const [status, balance] = await Promise.all([
      getMpesaStatus(ctx.db, ctx.business.id),
      getMpesaBalance(ctx.db, ctx.business.id, ctx.now()),
    ]);
    return { available: status.configured && status.initiatorReady, ...balance };
  }),
  /** Asks Daraja for a fresh balance; the answer arrives by callback, so the card polls `get`. */
  refresh: balanceProcedure.mutation(async ({ ctx }) => {
    const status = await getMpesaStatus(ctx.db, ctx.business.id);
    if (!status.configured) throw new AppError("PRECONDITION_FAILED", MPESA_NOT_SET_UP);
    if (!status.initiatorReady) throw new AppError("PRECONDITION_FAILED", BALANCE_NEEDS_INITIATOR);
    return refreshMpesaBalance(ctx, ctx.business.id, ctx.user.id);
  }),
});
