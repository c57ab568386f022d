import { ZPublicInvoiceTokenSchema } from "@kavi/domain";
import { getPublicInvoice, getPublicInvoicePdf } from "../services/invoices/public";
import { createTRPCRouter, publicProcedure } from "../trpc";

/**
 * The customer's side of an invoice link (/i/<token>): authorised by the unguessable token alone, and rate
 * limited per IP like every anonymous call. A wrong, revoked or draft token is NOT_FOUND.
 */
export const publicInvoicesRouter = createTRPCRouter({
  get: publicProcedure
    .input(ZPublicInvoiceTokenSchema)
    .query(({ ctx, input }) => getPublicInvoice(ctx, input.token)),
  pdf: publicProcedure.input(ZPublicInvoiceTokenSchema).query(async ({ ctx, input }) => {
    const pdf = await getPublicInvoicePdf(ctx, input.token);
    return {
      filename: pdf.filename,
      contentType: "application/pdf",
      contentBase64: pdf.content.toString("base64"),
    };
  }),
});
