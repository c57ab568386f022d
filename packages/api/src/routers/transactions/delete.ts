import { ZTransactionRefSchema } from "@kavi/domain";
import { deleteTransactions } from "../../services/transactions/mutations";
import { writeTransactions } from "./procedures";

/** Deletes a transaction typed or imported by a person; rows from invoices or M-Pesa are voided instead. */
export const deleteOne = writeTransactions
  .input(ZTransactionRefSchema)
  .mutation(({ ctx, input }) => deleteTransactions(ctx, ctx.business.id, [input.transactionId]));
