import { ZInvoiceDraftSchema, ZInvoiceRefSchema, ZUpdateInvoiceSchema } from "@kavi/domain";
import { invoiceServicesFrom } from "../../services/invoices/context";
import { createInvoice, deleteDraft, duplicateInvoice, updateInvoice } from "../../services/invoices/drafts";
import { writeInvoices } from "./access";

export const createInvoiceProcedure = writeInvoices()
  .input(ZInvoiceDraftSchema)
  .mutation(({ ctx, input }) => {
    const { businessId: _scope, ...draft } = input;
    return createInvoice(invoiceServicesFrom(ctx), ctx.business, draft);
  });

export const updateInvoiceProcedure = writeInvoices()
  .input(ZUpdateInvoiceSchema)
  .mutation(({ ctx, input }) => {
    const { businessId: _scope, invoiceId, ...draft } = input;
    return updateInvoice(invoiceServicesFrom(ctx), ctx.business, invoiceId, draft);
  });

export const deleteInvoiceProcedure = writeInvoices()
  .input(ZInvoiceRefSchema)
  .mutation(async ({ ctx, input }) => {
    await deleteDraft(invoiceServicesFrom(ctx), ctx.business, input.invoiceId);
    return { ok: true as const };
  });

export const duplicateInvoiceProcedure = writeInvoices()
  .input(ZInvoiceRefSchema)
  .mutation(({ ctx, input }) => duplicateInvoice(invoiceServicesFrom(ctx), ctx.business, input.invoiceId));
