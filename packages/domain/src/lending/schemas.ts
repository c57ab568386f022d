import { z } from "zod";
import { parsePercentToBps, QuantityFormatError } from "../invoices/quantity";
import { ZAmountTextSchema, ZPositiveAmountTextSchema } from "../invoices/schemas";
import { isValidPhone } from "../phone";
import { optionalText, requiredText, ZEmailSchema, ZIdSchema } from "../schemas/common";
import { INTEREST_METHODS, TENOR_UNITS } from "./schedule";

export const LOAN_APPLICATION_STATUSES = [
  "submitted",
  "recommended",
  "approved",
  "declined",
  "disbursing",
  "active",
  "settled",
  "withdrawn",
] as const;
export type LoanApplicationStatus = (typeof LOAN_APPLICATION_STATUSES)[number];

/** KYC documents an application carries, each an uploaded file of the business. */
export const KYC_DOCUMENT_KINDS = [
  "national_id",
  "kra_pin_certificate",
  "registration_certificate",
  "bank_or_mpesa_statement",
] as const;
export type KycDocumentKind = (typeof KYC_DOCUMENT_KINDS)[number];

/** A rate as typed ("18", "2.5%"), stored as basis points. */
export const ZRateTextSchema = z
  .string({ error: "Enter a rate" })
  .trim()
  .transform((value, context) => {
    try {
      return parsePercentToBps(value);
    } catch (error) {
      context.addIssue({
        code: "custom",
        message: error instanceof QuantityFormatError ? error.message : "Enter a rate",
      });
      return z.NEVER;
    }
  });

export const ZLoanProductInputSchema = z
  .object({
    name: requiredText(2, 80, "Name"),
    description: optionalText(500, "Description"),
    minAmount: ZPositiveAmountTextSchema,
    maxAmount: ZPositiveAmountTextSchema,
    tenorUnit: z.enum(TENOR_UNITS),
    minTenor: z.number().int().min(1).max(520),
    maxTenor: z.number().int().min(1).max(520),
    interestMethod: z.enum(INTEREST_METHODS),
    annualInterestRate: ZRateTextSchema,
    feeRate: ZRateTextSchema,
    feeFixed: ZAmountTextSchema,
    penaltyRate: ZRateTextSchema,
    penaltyGraceDays: z.number().int().min(0).max(90),
    /** The lowest credit score (300–850) a business needs to see this offer; 0 lets in a business not yet scored. */
    minCreditScore: z.number().int().min(0).max(850),
    active: z.boolean(),
  })
  .refine((product) => product.minTenor <= product.maxTenor, {
    path: ["maxTenor"],
    error: "The longest tenor must not be shorter than the shortest",
  });
export type TLoanProductInput = z.input<typeof ZLoanProductInputSchema>;

export const ZLoanApplicationInputSchema = z.object({
  productId: ZIdSchema,
  amount: ZPositiveAmountTextSchema,
  tenor: z.number({ error: "Choose a tenor" }).int().min(1).max(520),
  purpose: requiredText(3, 500, "Purpose"),
  /** The M-Pesa number the loan is sent to. */
  payoutPhone: z
    .string()
    .trim()
    .refine(isValidPhone, { error: "Enter an M-Pesa number such as 0712 345 678" }),
  documents: z
    .array(z.object({ kind: z.enum(KYC_DOCUMENT_KINDS), fileId: ZIdSchema }))
    .max(20, { error: "At most 20 documents" }),
});
export type TLoanApplicationInput = z.input<typeof ZLoanApplicationInputSchema>;

export const ZLoanDecisionInputSchema = z.object({
  applicationId: ZIdSchema,
  reason: requiredText(5, 1000, "Reason"),
});

/** A lending officer is added by the email of an existing KAVI account. */
export const ZAddLendingOfficerSchema = z.object({ email: ZEmailSchema });
export type TAddLendingOfficer = z.input<typeof ZAddLendingOfficerSchema>;
