import { ZTransactionRefSchema } from "@kavi/domain";
import { getTransaction } from "../../services/transactions/queries";
import { readTransactions } from "./procedures";

export const get = readTransactions
  .input(ZTransactionRefSchema)
  .query(({ ctx, input }) => getTransaction(ctx.db, ctx.business.id, input.transactionId));
