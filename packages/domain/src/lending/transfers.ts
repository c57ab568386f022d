import { z } from "zod";
import { ZPositiveAmountTextSchema } from "../invoices/schemas";
import { isValidPhone } from "../phone";
import { ZIdSchema } from "../schemas/common";

/**
 * Money between the platform (the lender) and a borrowing business over the lender's own M-Pesa shortcodes:
 * the disbursement (B2C), repayments by STK prompt and by Paybill (C2B, the loan number as the account).
 */
export const LOAN_TRANSFER_KINDS = ["disbursement", "stk", "paybill"] as const;
export type LoanTransferKind = (typeof LOAN_TRANSFER_KINDS)[number];

/**
 * queued → sending → sent → confirming → paid | failed; unknown while Daraja has not said; a Paybill payment
 * naming no loan that can take it is `unmatched`, kept for the desk.
 */
export const LOAN_TRANSFER_STATUSES = [
  "queued",
  "sending",
  "sent",
  "confirming",
  "unknown",
  "paid",
  "failed",
  "unmatched",
] as const;
export type LoanTransferStatus = (typeof LOAN_TRANSFER_STATUSES)[number];

/** Still moving: not paid, failed or unmatched. */
export function isOpenLoanTransfer(status: LoanTransferStatus): boolean {
  return !["paid", "failed", "unmatched"].includes(status);
}

/**
 * What a payer typed as the Paybill account, read as a loan number: case, spaces and dashes ignored, the
 * letter O read as zero among the digits, the "LN" prefix optional ("ln 1001" → "LN001001"). Null when it
 * cannot be one.
 */
export function normaliseLoanNumber(typed: string): string | null {
  const compact = typed.toUpperCase().replace(/[^A-Z0-9]/g, "");
  const digits = compact.replace(/^LN/, "").replace(/O/g, "0");
  if (!/^\d{1,10}$/.test(digits)) return null;
  return `LN${digits.padStart(6, "0")}`;
}

/** M-Pesa prompts ask for whole shillings: an amount in cents is rounded up so the debt is cleared. */
export function wholeShillingsUp(amountMinor: bigint): bigint {
  return ((amountMinor + 99n) / 100n) * 100n;
}

export const LOAN_REPAYMENT_CHOICES = ["next_instalment", "settle", "other"] as const;

export const ZLoanRepaymentInputSchema = z
  .object({
    loanId: ZIdSchema,
    /** The next instalment due, the whole early-settlement amount, or an amount typed. */
    choice: z.enum(LOAN_REPAYMENT_CHOICES),
    amount: ZPositiveAmountTextSchema.optional(),
    phone: z.string().trim().refine(isValidPhone, { error: "Enter an M-Pesa number such as 0712 345 678" }),
  })
  .refine((input) => input.choice !== "other" || input.amount !== undefined, {
    path: ["amount"],
    error: "Enter the amount to pay",
  });
export type TLoanRepaymentInput = z.input<typeof ZLoanRepaymentInputSchema>;

export const ZLoanDisbursementInputSchema = z.object({ loanId: ZIdSchema });

/** A loan number as a person types it ("ln 123", "LN000123"); the parsed value is the stored form. */
export const ZLoanNumberSchema = z
  .string()
  .trim()
  .min(1, { error: "Enter the loan number" })
  .max(20, { error: "Loan numbers look like LN000123" })
  .transform((typed, context) => {
    const number = normaliseLoanNumber(typed);
    if (!number) {
      context.addIssue({ code: "custom", message: "Loan numbers look like LN000123" });
      return z.NEVER;
    }
    return number;
  });

/** The desk's form for an unmatched Paybill payment: the loan it belongs to, by number. */
export const ZAssignLoanPaymentFormSchema = z.object({ loanNumber: ZLoanNumberSchema });

/** Assigns an unmatched Paybill payment to a loan named by id or by number (exactly one). */
export const ZAssignLoanPaymentSchema = z
  .object({ transferId: ZIdSchema, loanId: ZIdSchema.optional(), loanNumber: ZLoanNumberSchema.optional() })
  .refine((input) => (input.loanId === undefined) !== (input.loanNumber === undefined), {
    path: ["loanNumber"],
    error: "Enter the loan number",
  });
