import {
  ZBookMpesaPaymentSchema,
  ZExportMpesaPaymentsSchema,
  ZListMpesaPaymentsSchema,
  ZMatchMpesaPaymentSchema,
} from "@kavi/domain";
import {
  bookPaymentAsIncome,
  exportMpesaPaymentsCsv,
  listMpesaPayments,
  listUnreconciled,
  matchPaymentToInvoice,
} from "../../services/mpesa";
import { businessProcedure, createTRPCRouter } from "../../trpc";
import { mpesaDepsOf } from "./context";

const readPayments = businessProcedure({ module: "payments", access: "read" });
const writePayments = businessProcedure({ module: "payments", access: "write" });

/** The Payments page (every M-Pesa payment) and the Unreconciled inbox. */
export const mpesaPaymentsRouter = createTRPCRouter({
  list: readPayments
    .input(ZListMpesaPaymentsSchema)
    .query(({ ctx, input }) => listMpesaPayments(ctx.db, ctx.business.id, input, ctx.business.timezone)),
  exportCsv: readPayments
    .input(ZExportMpesaPaymentsSchema)
    .mutation(({ ctx, input }) =>
      exportMpesaPaymentsCsv(ctx.db, ctx.business.id, input, ctx.business.timezone),
    ),
  unreconciled: readPayments.query(({ ctx }) => listUnreconciled(ctx.db, ctx.business.id)),
  matchToInvoice: writePayments
    .input(ZMatchMpesaPaymentSchema)
    .mutation(({ ctx, input }) => matchPaymentToInvoice(mpesaDepsOf(ctx), ctx.business.id, input)),
  bookAsIncome: writePayments
    .input(ZBookMpesaPaymentSchema)
    .mutation(({ ctx, input }) => bookPaymentAsIncome(mpesaDepsOf(ctx), ctx.business.id, input)),
});
