import { ZIdSchema, ZPaymentRequestRefSchema, ZRequestInvoicePaymentSchema } from "@kavi/domain";
import { z } from "zod";
import { getPaymentRequest, listInvoicePaymentRequests, requestInvoicePayment } from "../../services/mpesa";
import { businessProcedure, createTRPCRouter } from "../../trpc";

/** An STK push prompts the customer's phone (a verified address too); its status is part of the invoice. */
const askForPayment = businessProcedure("invoices.requestPayment");
const seePayments = businessProcedure("invoices.read");

/** STK pushes: "Request M-Pesa payment" on an invoice, and its live status. */
export const mpesaRequestsRouter = createTRPCRouter({
  create: askForPayment
    .input(ZRequestInvoicePaymentSchema)
    .mutation(({ ctx, input }) => requestInvoicePayment(ctx, ctx.business.id, input)),
  get: seePayments
    .input(ZPaymentRequestRefSchema)
    .query(({ ctx, input }) => getPaymentRequest(ctx.db, ctx.business.id, input.paymentRequestId)),
  forInvoice: seePayments
    .input(z.object({ invoiceId: ZIdSchema }))
    .query(({ ctx, input }) => listInvoicePaymentRequests(ctx.db, ctx.business.id, input.invoiceId)),
});
