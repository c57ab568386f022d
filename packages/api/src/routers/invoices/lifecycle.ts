import {
  ZChangeDueDateSchema,
  ZInvoiceRefSchema,
  ZSendInvoiceSchema,
  ZVoidInvoiceSchema,
} from "@kavi/domain";
import {
  changeDueDate,
  issueInvoice,
  regeneratePublicToken,
  voidInvoice,
} from "../../services/invoices/lifecycle";
import { sendInvoice } from "../../services/invoices/send";
import { businessProcedure } from "../../trpc";

/** Issue without emailing ("mark as sent"): takes the next number. */
export const issueInvoiceProcedure = businessProcedure("invoices.write")
  .input(ZInvoiceRefSchema)
  .mutation(({ ctx, input }) => issueInvoice(ctx, ctx.business, input.invoiceId));

/** Email with the PDF (issuing a draft first); again on an issued invoice, it is a resend. */
export const sendInvoiceProcedure = businessProcedure("invoices.send")
  .input(ZSendInvoiceSchema)
  .mutation(({ ctx, input }) =>
    sendInvoice(ctx, ctx.business, input.invoiceId, {
      to: input.to,
      message: input.message,
    }),
  );

export const voidInvoiceProcedure = businessProcedure("invoices.write")
  .input(ZVoidInvoiceSchema)
  .mutation(({ ctx, input }) => voidInvoice(ctx, ctx.business, input.invoiceId, input.reason));

export const changeDueDateProcedure = businessProcedure("invoices.write")
  .input(ZChangeDueDateSchema)
  .mutation(({ ctx, input }) => changeDueDate(ctx, ctx.business, input.invoiceId, input.dueDate));

export const regenerateLinkProcedure = businessProcedure("invoices.write")
  .input(ZInvoiceRefSchema)
  .mutation(({ ctx, input }) => regeneratePublicToken(ctx, ctx.business, input.invoiceId));
