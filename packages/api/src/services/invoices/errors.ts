import { AppError } from "../../errors";

/** Why a payment could not be applied: M-Pesa processing routes these to the unreconciled inbox. */
export type InvoicePaymentRefusal =
  | "invoice_void"
  | "invoice_draft"
  | "currency_mismatch"
  | "overpayment_not_allowed"
  | "reference_used_elsewhere";

/** A typed refusal from applyInvoicePayment: callers may branch on `refusal` instead of parsing messages. */
export class InvoicePaymentRefusedError extends AppError {
  override name = "InvoicePaymentRefusedError";
  readonly refusal: InvoicePaymentRefusal;

  constructor(refusal: InvoicePaymentRefusal, message: string, field?: string) {
    super("PRECONDITION_FAILED", message, field ? { fieldErrors: { [field]: [message] } } : {});
    this.refusal = refusal;
  }
}

export function invoiceNotFound(): AppError {
  return new AppError("NOT_FOUND", "Invoice not found");
}

export function refuse(message: string, field?: string): AppError {
  return new AppError("PRECONDITION_FAILED", message, field ? { fieldErrors: { [field]: [message] } } : {});
}

export { badField } from "@kavi/domain";
