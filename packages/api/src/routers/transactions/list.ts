import { ZListTransactionsSchema } from "@kavi/domain";
import { listTransactions } from "../../services/transactions/queries";
import { readTransactions } from "./procedures";

export const list = readTransactions
  .input(ZListTransactionsSchema)
  .query(({ ctx, input }) => listTransactions(ctx.db, ctx.business, input));
