import { ZCreateCreditNoteSchema } from "@kavi/domain";
import { createCreditNote } from "../../services/invoices/credit-notes";
import { businessProcedure } from "../../trpc";

export const createCreditNoteProcedure = businessProcedure("invoices.write")
  .input(ZCreateCreditNoteSchema)
  .mutation(({ ctx, input }) =>
    createCreditNote(ctx, ctx.business, input.invoiceId, {
      amount: input.amount,
      reason: input.reason,
      disposition: input.disposition,
    }),
  );
