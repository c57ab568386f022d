import { ZInvoiceDraftSchema, ZInvoiceRefSchema, ZUpdateInvoiceSchema } from "@kavi/domain";
import { createInvoice, deleteDraft, duplicateInvoice, updateInvoice } from "../../services/invoices/drafts";
import { businessProcedure } from "../../trpc";

export const createInvoiceProcedure = businessProcedure("invoices.write")
  .input(ZInvoiceDraftSchema)
  .mutation(({ ctx, input }) => {
    const { businessId: _scope, ...draft } = input;
    return createInvoice(ctx, ctx.business, draft);
  });

export const updateInvoiceProcedure = businessProcedure("invoices.write")
  .input(ZUpdateInvoiceSchema)
  .mutation(({ ctx, input }) => {
    const { businessId: _scope, invoiceId, ...draft } = input;
    return updateInvoice(ctx, ctx.business, invoiceId, draft);
  });

export const deleteInvoiceProcedure = businessProcedure("invoices.write")
  .input(ZInvoiceRefSchema)
  .mutation(async ({ ctx, input }) => {
    await deleteDraft(ctx, ctx.business, input.invoiceId);
    return { ok: true as const };
  });

export const duplicateInvoiceProcedure = businessProcedure("invoices.write")
  .input(ZInvoiceRefSchema)
  .mutation(({ ctx, input }) => duplicateInvoice(ctx, ctx.business, input.invoiceId));
