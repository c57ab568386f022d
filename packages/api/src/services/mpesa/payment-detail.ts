import { type DbOrTx, invoices, mpesaPayments, transactions } from "@kavi/db";
import { and, eq } from "drizzle-orm";
import { AppError } from "../../errors";
import { hasLiveReversal, isReversiblePayment } from "./reversals";

/**
 * One M-Pesa payment for its own page: what came in, what it was applied to, whether it is confirmed, and
 * whether it may still be sent back (its reversals come from listReversals). Another business's id is NOT_FOUND.
 */
export async function getMpesaPayment(db: DbOrTx, businessId: string, mpesaPaymentId: string) {
  const [row] = await db
    .select({
      id: mpesaPayments.id,
      source: mpesaPayments.source,
      status: mpesaPayments.status,
      amountMinor: mpesaPayments.amountMinor,
      currency: mpesaPayments.currency,
      receipt: mpesaPayments.receipt,
      phone: mpesaPayments.phone,
      payerName: mpesaPayments.payerName,
      paidAt: mpesaPayments.paidAt,
      billRefNumber: mpesaPayments.billRefNumber,
      matchedBy: mpesaPayments.matchedBy,
      unreconciledReason: mpesaPayments.unreconciledReason,
      confirmedAt: mpesaPayments.confirmedAt,
      resolvedAt: mpesaPayments.resolvedAt,
      invoiceId: mpesaPayments.invoiceId,
      invoiceNumber: invoices.invoiceNumber,
      transactionId: mpesaPayments.transactionId,
      transactionDescription: transactions.description,
    })
    .from(mpesaPayments)
    .leftJoin(invoices, and(eq(invoices.id, mpesaPayments.invoiceId), eq(invoices.businessId, businessId)))
    .leftJoin(
      transactions,
      and(eq(transactions.id, mpesaPayments.transactionId), eq(transactions.businessId, businessId)),
    )
    .where(and(eq(mpesaPayments.id, mpesaPaymentId), eq(mpesaPayments.businessId, businessId)));
  if (!row) throw new AppError("NOT_FOUND", "Payment not found");
  const reversalUnderWay = row.status !== "reversed" && (await hasLiveReversal(db, row.id));
  return { ...row, reversalUnderWay, reversible: isReversiblePayment(row) && !reversalUnderWay };
}
