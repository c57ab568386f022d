import { ZBulkCategoriseSchema } from "@kavi/domain";
import { bulkCategorise as bulkCategoriseTransactions } from "../../services/transactions/mutations";
import { writeTransactions } from "./procedures";

export const bulkCategorise = writeTransactions
  .input(ZBulkCategoriseSchema)
  .mutation(({ ctx, input }) => bulkCategoriseTransactions(ctx, ctx.business.id, input));
