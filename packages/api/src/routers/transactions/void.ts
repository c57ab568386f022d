import { ZVoidTransactionSchema } from "@kavi/domain";
import { voidTransaction } from "../../services/transactions/mutations";
import { writeTransactions } from "./procedures";

/** Keeps the row (and its external id) but takes it out of every report. */
export const voidOne = writeTransactions
  .input(ZVoidTransactionSchema)
  .mutation(({ ctx, input }) => voidTransaction(ctx, ctx.business.id, input.transactionId, input.reason));
