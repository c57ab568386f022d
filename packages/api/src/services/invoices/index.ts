/** What other layers use of invoices: the worker's jobs, the email renderer, and M-Pesa. */
export { renderInvoicePdfAttachment } from "./attachment";
export type { BusinessScope } from "./context";
export { type InvoicePaymentRefusal, InvoicePaymentRefusedError } from "./errors";
export { markOverdueInvoices } from "./overdue";
export type { MpesaCollectionDetails } from "./payment-instructions";
export {
  type ApplyInvoicePaymentInput,
  type ApplyInvoicePaymentResult,
  applyInvoicePayment,
  findOpenInvoiceByReference,
  type InvoicePaymentSource,
} from "./payments";
export { getPublicInvoicePdf } from "./public";
export { findDueRecurringRuns, generateRecurringInvoice, type RecurringRunOutcome } from "./recurring";
export { findDueReminders, type ReminderOutcome, sendInvoiceReminder } from "./reminders";
export { INVOICE_PDF_ATTACHMENT } from "./send";
