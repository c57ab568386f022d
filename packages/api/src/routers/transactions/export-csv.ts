import { ZListTransactionsSchema } from "@kavi/domain";
import { exportTransactionsCsv } from "../../services/transactions/export";
import { readTransactions } from "./procedures";

/** One page (up to 5,000 rows) of the filtered list as CSV; call again with nextCursor for the rest. */
export const exportCsv = readTransactions
  .input(ZListTransactionsSchema.omit({ limit: true }))
  .query(({ ctx, input }) => exportTransactionsCsv(ctx.db, ctx.business, input, ctx.now()));
