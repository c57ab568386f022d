import {
  ZBookMpesaPaymentSchema,
  ZExportMpesaPaymentsSchema,
  ZIdSchema,
  ZListMpesaPaymentsSchema,
  ZMatchMpesaPaymentSchema,
} from "@kavi/domain";
import { z } from "zod";
import {
  bookPaymentAsIncome,
  exportMpesaPaymentsCsv,
  getMpesaPayment,
  listMpesaPayments,
  listUnreconciled,
  matchPaymentToInvoice,
} from "../../services/mpesa";
import { searchOpenInvoices } from "../../services/mpesa/ledger-bridge";
import { businessProcedure, createTRPCRouter } from "../../trpc";

const readPayments = businessProcedure("payments.read");
const writePayments = businessProcedure("payments.write");

/** The Payments page (every M-Pesa payment) and the Unreconciled inbox. */
export const mpesaPaymentsRouter = createTRPCRouter({
  list: readPayments
    .input(ZListMpesaPaymentsSchema)
    .query(({ ctx, input }) => listMpesaPayments(ctx.db, ctx.business.id, input, ctx.business.timezone)),
  /** One payment's page: what it was applied to, whether it is confirmed, whether it may be sent back. */
  get: readPayments
    .input(z.object({ mpesaPaymentId: ZIdSchema }))
    .query(({ ctx, input }) => getMpesaPayment(ctx.db, ctx.business.id, input.mpesaPaymentId)),
  exportCsv: readPayments
    .input(ZExportMpesaPaymentsSchema)
    .mutation(({ ctx, input }) =>
      exportMpesaPaymentsCsv(ctx.db, ctx.business.id, input, ctx.business.timezone, ctx.now()),
    ),
  /** Candidates for matching a payment or asking for one: open invoices by number or customer name. */
  openInvoices: businessProcedure("invoices.read")
    .input(z.object({ search: z.string().trim().max(100).nullish() }))
    .query(({ ctx, input }) => searchOpenInvoices(ctx.db, ctx.business.id, input.search)),
  unreconciled: readPayments.query(({ ctx }) => listUnreconciled(ctx.db, ctx.business.id)),
  matchToInvoice: writePayments
    .input(ZMatchMpesaPaymentSchema)
    .mutation(({ ctx, input }) => matchPaymentToInvoice(ctx, ctx.business.id, input)),
  bookAsIncome: writePayments
    .input(ZBookMpesaPaymentSchema)
    .mutation(({ ctx, input }) => bookPaymentAsIncome(ctx, ctx.business.id, input)),
});
