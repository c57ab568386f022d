import { ZUpdateTransactionSchema } from "@kavi/domain";
import { updateTransaction } from "../../services/transactions/mutations";
import { writeTransactions } from "./procedures";

export const update = writeTransactions
  .input(ZUpdateTransactionSchema)
  .mutation(({ ctx, input }) => updateTransaction(ctx, ctx.business, input));
