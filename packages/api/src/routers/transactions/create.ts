import { ZCreateTransactionSchema } from "@kavi/domain";
import { createTransaction } from "../../services/transactions/mutations";
import { writeTransactions } from "./procedures";

export const create = writeTransactions
  .input(ZCreateTransactionSchema)
  .mutation(({ ctx, input }) => createTransaction(ctx, ctx.business, input));
