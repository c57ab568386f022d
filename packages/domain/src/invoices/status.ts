import type { CalendarDate } from "./dates";
import { balanceDueMinor } from "./totals";

export const INVOICE_STATUSES = ["draft", "sent", "partially_paid", "paid", "overdue", "void"] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];
export type IssuedInvoiceStatus = Exclude<InvoiceStatus, "draft" | "void">;

export const INVOICE_STATUS_LABELS: Record<InvoiceStatus, string> = {
  draft: "Draft",
  sent: "Sent",
  partially_paid: "Partially paid",
  paid: "Paid",
  overdue: "Overdue",
  void: "Void",
};

/** Statuses that still expect money: the ones reminders, the overdue job and M-Pesa matching look at. */
export const OPEN_INVOICE_STATUSES = [
  "sent",
  "partially_paid",
  "overdue",
] as const satisfies readonly InvoiceStatus[];

/** Still expects money (sent, partially paid or overdue). packages/db/src/rules/invoices.ts is its SQL twin. */
export function isOpenInvoiceStatus(status: InvoiceStatus): boolean {
  return (OPEN_INVOICE_STATUSES as readonly InvoiceStatus[]).includes(status);
}

/** Open and due before today: overdue, even before the nightly job has marked it. */
export function isPastDueInvoice(
  invoice: { status: InvoiceStatus; dueDate: CalendarDate },
  today: CalendarDate,
) {
  return isOpenInvoiceStatus(invoice.status) && invoice.dueDate < today;
}

/**
 * The status of an issued invoice follows from its money and its due date: settled → paid; past due →
 * overdue (even when partly paid); some money in → partially paid; otherwise sent.
 */
export function deriveIssuedStatus(input: {
  totalMinor: bigint;
  creditedMinor: bigint;
  amountPaidMinor: bigint;
  dueDate: CalendarDate;
  today: CalendarDate;
}): IssuedInvoiceStatus {
  if (balanceDueMinor(input) === 0n) return "paid";
  if (input.dueDate < input.today) return "overdue";
  if (input.amountPaidMinor > 0n || input.creditedMinor > 0n) return "partially_paid";
  return "sent";
}

/** What may be done with an invoice in a status; the API enforces it and the UI hides what it refuses. */
export function invoiceActions(invoice: { status: InvoiceStatus; amountPaidMinor: bigint }) {
  const issued = invoice.status !== "draft" && invoice.status !== "void";
  const open = isOpenInvoiceStatus(invoice.status);
  return {
    edit: invoice.status === "draft",
    delete: invoice.status === "draft",
    issue: invoice.status === "draft",
    send: invoice.status !== "void",
    recordPayment: issued,
    applyCredit: open,
    changeDueDate: open,
    void: open && invoice.amountPaidMinor === 0n,
    creditNote: issued && invoice.amountPaidMinor > 0n,
    duplicate: true,
    publicLink: issued || invoice.status === "void",
  };
}
