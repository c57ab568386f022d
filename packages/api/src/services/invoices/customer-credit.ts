import { customerCreditEntries, customers, type DbOrTx } from "@kavi/db";
import { and, eq, sql } from "drizzle-orm";

export type CustomerCreditReason = "overpayment" | "credit_note" | "applied_to_invoice";

export interface CustomerCreditChange {
  businessId: string;
  customerId: string;
  /** Positive adds credit, negative uses it. */
  amountMinor: bigint;
  reason: CustomerCreditReason;
  invoiceId?: string | null;
  invoicePaymentId?: string | null;
  creditNoteId?: string | null;
}

/**
 * Moves a customer's credit balance and records why, in the caller's transaction, so the balance always
 * equals the sum of its entries. A use of credit must have locked the customer row and checked the balance.
 */
export async function changeCustomerCredit(tx: DbOrTx, change: CustomerCreditChange): Promise<void> {
  if (change.amountMinor === 0n) return;
  await tx.insert(customerCreditEntries).values({
    businessId: change.businessId,
    customerId: change.customerId,
    amountMinor: change.amountMinor,
    reason: change.reason,
    invoiceId: change.invoiceId ?? null,
    invoicePaymentId: change.invoicePaymentId ?? null,
    creditNoteId: change.creditNoteId ?? null,
  });
  await tx
    .update(customers)
    .set({ creditBalanceMinor: sql`${customers.creditBalanceMinor} + ${change.amountMinor}` })
    .where(and(eq(customers.id, change.customerId), eq(customers.businessId, change.businessId)));
}
