import type { DbOrTx, invoices, loans, mpesaPayouts, transactions } from "@kavi/db";
import { webhookMoney } from "@kavi/domain";
import type { AfterCommit } from "../unit-of-work";
import { recordWebhookEvent, recordWebhookEvents, type WebhookEventInput } from "./events";

/**
 * One call per place in the books where something a webhook announces happens, each in that change's own
 * transaction. They map our rows to the documented event shapes (packages/domain/src/webhooks.ts).
 */

type TInvoiceRow = typeof invoices.$inferSelect;
type TTransactionRow = typeof transactions.$inferSelect;
type TPayoutRow = typeof mpesaPayouts.$inferSelect;
type Effects = AfterCommit | null | undefined;

/** `invoice.paid`, when a payment (or customer credit) takes an invoice to paid. */
export async function announceInvoicePaid(
  tx: DbOrTx,
  afterCommit: Effects,
  before: Pick<TInvoiceRow, "status">,
  after: TInvoiceRow,
  now: Date,
): Promise<void> {
  if (before.status === "paid" || after.status !== "paid") return;
  await recordWebhookEvent(tx, afterCommit, {
    businessId: after.businessId,
    type: "invoice.paid",
    now,
    data: {
      businessId: after.businessId,
      invoiceId: after.id,
      invoiceNumber: after.invoiceNumber,
      customerId: after.customerId,
      total: webhookMoney(after.totalMinor, after.currency),
      amountPaid: webhookMoney(after.amountPaidMinor, after.currency),
      paidAt: (after.paidAt ?? now).toISOString(),
    },
  });
}

/** `invoice.overdue`, for each invoice the daily pass marks overdue. */
export async function announceInvoiceOverdue(
  tx: DbOrTx,
  afterCommit: Effects,
  invoice: Pick<
    TInvoiceRow,
    | "id"
    | "businessId"
    | "invoiceNumber"
    | "customerId"
    | "dueDate"
    | "totalMinor"
    | "amountPaidMinor"
    | "currency"
  >,
  now: Date,
): Promise<void> {
  await recordWebhookEvent(tx, afterCommit, {
    businessId: invoice.businessId,
    type: "invoice.overdue",
    now,
    data: {
      businessId: invoice.businessId,
      invoiceId: invoice.id,
      invoiceNumber: invoice.invoiceNumber,
      customerId: invoice.customerId,
      dueDate: invoice.dueDate,
      total: webhookMoney(invoice.totalMinor, invoice.currency),
      amountPaid: webhookMoney(invoice.amountPaidMinor, invoice.currency),
    },
  });
}

export interface ReceivedPayment {
  businessId: string;
  amountMinor: bigint;
  currency: string;
  receipt: string | null;
  invoiceId: string | null;
  customerId: string | null;
  /** False when it went to the Unreconciled inbox. */
  applied: boolean;
}

/** `payment.received` for every M-Pesa payment, and `payment.unreconciled` too when it waits for a person. */
export async function announcePaymentReceived(
  tx: DbOrTx,
  afterCommit: Effects,
  payment: ReceivedPayment,
  now: Date,
): Promise<void> {
  await announcePaymentsReceived(tx, afterCommit, [payment], now);
}

/** announcePaymentReceived for a settlement batch's payments. */
export async function announcePaymentsReceived(
  tx: DbOrTx,
  afterCommit: Effects,
  payments: readonly ReceivedPayment[],
  now: Date,
): Promise<void> {
  const events: WebhookEventInput<"payment.received" | "payment.unreconciled">[] = [];
  for (const payment of payments) {
    const amount = webhookMoney(payment.amountMinor, payment.currency);
    events.push({
      businessId: payment.businessId,
      type: "payment.received",
      now,
      data: {
        businessId: payment.businessId,
        channel: "mpesa",
        receipt: payment.receipt,
        amount,
        invoiceId: payment.applied ? payment.invoiceId : null,
        customerId: payment.customerId,
        applied: payment.applied,
      },
    });
    if (payment.applied) continue;
    events.push({
      businessId: payment.businessId,
      type: "payment.unreconciled",
      now,
      data: {
        businessId: payment.businessId,
        channel: "mpesa",
        receipt: payment.receipt,
        amount,
        customerId: payment.customerId,
      },
    });
  }
  await recordWebhookEvents(tx, afterCommit, events);
}

/** `transaction.created`, for each transaction recorded one at a time (imports do not announce each row). */
export async function announceTransactionCreated(
  tx: DbOrTx,
  afterCommit: Effects,
  row: TTransactionRow,
  now: Date,
): Promise<void> {
  await announceTransactionsCreated(tx, afterCommit, [row], now);
}

/** announceTransactionCreated for the rows one booking call recorded together (a settlement batch). */
export async function announceTransactionsCreated(
  tx: DbOrTx,
  afterCommit: Effects,
  rows: readonly TTransactionRow[],
  now: Date,
): Promise<void> {
  await recordWebhookEvents(
    tx,
    afterCommit,
    rows.map(
      (row): WebhookEventInput<"transaction.created"> => ({
        businessId: row.businessId,
        type: "transaction.created",
        now,
        data: {
          businessId: row.businessId,
          transactionId: row.id,
          type: row.type,
          status: row.status,
          amount: webhookMoney(row.amountMinor, row.currency),
          transactionDate: row.transactionDate.toISOString(),
          description: row.description,
          categoryId: row.categoryId,
          source: row.source,
          referenceNumber: row.referenceNumber,
          customerId: row.customerId,
          supplierId: row.supplierId,
          invoiceId: row.invoiceId,
        },
      }),
    ),
  );
}

/** `payout.completed`, once Daraja has confirmed a payout was paid. */
export async function announcePayoutCompleted(
  tx: DbOrTx,
  afterCommit: Effects,
  payout: TPayoutRow,
  paid: { receipt: string; receiverName: string | null; completedAt: Date; transactionId: string | null },
  now: Date,
): Promise<void> {
  await recordWebhookEvent(tx, afterCommit, {
    businessId: payout.businessId,
    type: "payout.completed",
    now,
    data: {
      businessId: payout.businessId,
      payoutId: payout.id,
      amount: webhookMoney(payout.amountMinor, payout.currency),
      receipt: paid.receipt,
      receiverName: paid.receiverName,
      purpose: payout.purpose,
      completedAt: paid.completedAt.toISOString(),
      transactionId: paid.transactionId,
    },
  });
}

/** `loan.status_changed`, on every step of an application or loan (submitted … decided … settled). */
export async function announceLoanStatusChanged(
  tx: DbOrTx,
  afterCommit: Effects,
  loan: Pick<
    typeof loans.$inferSelect,
    "id" | "businessId" | "number" | "status" | "principalMinor" | "currency"
  >,
  reason: string | null,
  now: Date,
): Promise<void> {
  await recordWebhookEvent(tx, afterCommit, {
    businessId: loan.businessId,
    type: "loan.status_changed",
    now,
    data: {
      businessId: loan.businessId,
      loanId: loan.id,
      loanNumber: loan.number,
      status: loan.status,
      principal: webhookMoney(loan.principalMinor, loan.currency),
      reason,
      changedAt: now.toISOString(),
    },
  });
}
