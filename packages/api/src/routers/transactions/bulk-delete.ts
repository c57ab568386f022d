import { ZBulkTransactionIdsSchema } from "@kavi/domain";
import { deleteTransactions } from "../../services/transactions/mutations";
import { writeTransactions } from "./procedures";

export const bulkDelete = writeTransactions
  .input(ZBulkTransactionIdsSchema)
  .mutation(({ ctx, input }) => deleteTransactions(ctx, ctx.business.id, input.transactionIds));
