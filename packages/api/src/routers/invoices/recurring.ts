import { ZCreateRecurringInvoiceSchema, ZIdSchema, ZUpdateRecurringInvoiceSchema } from "@kavi/domain";
import { z } from "zod";
import {
  createRecurringInvoice,
  deleteRecurringInvoice,
  listRecurringInvoices,
  updateRecurringInvoice,
} from "../../services/invoices/recurring";
import { businessProcedure, createTRPCRouter } from "../../trpc";

export const recurringInvoicesRouter = createTRPCRouter({
  list: businessProcedure("invoices.read").query(({ ctx }) => listRecurringInvoices(ctx.db, ctx.business.id)),
  create: businessProcedure("invoices.write")
    .input(ZCreateRecurringInvoiceSchema)
    .mutation(({ ctx, input }) => {
      const { businessId: _scope, ...rest } = input;
      return createRecurringInvoice(ctx, ctx.business, rest);
    }),
  update: businessProcedure("invoices.write")
    .input(ZUpdateRecurringInvoiceSchema)
    .mutation(({ ctx, input }) => {
      const { businessId: _scope, ...rest } = input;
      return updateRecurringInvoice(ctx, ctx.business, rest);
    }),
  delete: businessProcedure("invoices.write")
    .input(z.object({ recurringInvoiceId: ZIdSchema }))
    .mutation(async ({ ctx, input }) => {
      await deleteRecurringInvoice(ctx, ctx.business, input.recurringInvoiceId);
      return { ok: true as const };
    }),
});
