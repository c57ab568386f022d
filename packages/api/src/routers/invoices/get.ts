import { ZInvoiceRefSchema } from "@kavi/domain";
import { loadInvoiceDocument } from "../../services/invoices/document";
import { renderInvoicePdf } from "../../services/invoices/pdf";
import { findInvoice } from "../../services/invoices/queries";
import { getInvoiceDetail, invoiceActivity } from "../../services/invoices/views";
import { businessProcedure } from "../../trpc";

export const getInvoiceProcedure = businessProcedure("invoices.read")
  .input(ZInvoiceRefSchema)
  .query(({ ctx, input }) =>
    getInvoiceDetail(ctx.db, ctx.business, input.invoiceId, ctx.config.appUrl, ctx.now()),
  );

/**
 * The PDF for signed-in users, base64 in the tRPC answer: the access token lives in the SPA's memory, so a
 * plain link could not carry it; the SPA turns this into a download. Customers use the public route.
 */
export const invoicePdfProcedure = businessProcedure("invoices.read")
  .input(ZInvoiceRefSchema)
  .query(async ({ ctx, input }) => {
    const pdf = await renderInvoicePdf(await loadInvoiceDocument(ctx.db, ctx.business.id, input.invoiceId));
    return {
      filename: pdf.filename,
      contentType: "application/pdf",
      contentBase64: pdf.content.toString("base64"),
    };
  });

export const invoiceActivityProcedure = businessProcedure("invoices.read")
  .input(ZInvoiceRefSchema)
  .query(async ({ ctx, input }) => {
    await findInvoice(ctx.db, ctx.business.id, input.invoiceId);
    return invoiceActivity(ctx.db, ctx.business.id, input.invoiceId);
  });
