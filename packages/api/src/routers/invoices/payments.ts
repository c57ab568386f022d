import { ZApplyCreditSchema, ZRecordPaymentSchema } from "@kavi/domain";
import { applyCustomerCredit, recordInvoicePayment } from "../../services/invoices/payments";
import { businessProcedure } from "../../trpc";

/** Partial, full or over (the excess becomes customer credit); books the matching income transaction. */
export const recordPaymentProcedure = businessProcedure("invoices.recordPayments")
  .input(ZRecordPaymentSchema)
  .mutation(async ({ ctx, input }) => {
    const result = await recordInvoicePayment(ctx, ctx.business, input.invoiceId, {
      amount: input.amount,
      method: input.method,
      reference: input.reference ?? null,
      paidAt: input.paidAt ?? null,
      notes: input.notes ?? null,
    });
    return {
      payment: result.payment,
      invoice: result.invoice,
      transactionId: result.transaction?.id ?? null,
      creditedToCustomerMinor: result.creditedToCustomerMinor,
    };
  });

export const applyCreditProcedure = businessProcedure("invoices.recordPayments")
  .input(ZApplyCreditSchema)
  .mutation(({ ctx, input }) =>
    applyCustomerCredit(ctx, ctx.business, input.invoiceId, input.amount ?? null),
  );
