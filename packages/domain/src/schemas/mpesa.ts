import { z } from "zod";
import { isValidPhone, toMpesaMsisdn } from "../phone";
import { optionalText, requiredText, ZIdSchema, ZPageSchema } from "./common";

/** Paybill, Till and store numbers: 5 to 7 digits (sandbox shortcodes are 6). */
const shortcodeSchema = (label: string) =>
  z
    .string({ error: `${label} is required` })
    .trim()
    .regex(/^\d{5,7}$/, { error: `${label} is 5 to 7 digits, e.g. 174379` });

/** A secret field in a form: empty means "keep the saved one". */
const secretSchema = (label: string, max = 512) =>
  z
    .string()
    .trim()
    .max(max, { error: `${label} has at most ${max} characters` })
    .transform((value) => (value === "" ? null : value))
    .nullish();

export const ZMpesaSettingsSchema = z
  .object({
    accountType: z.enum(["paybill", "till"], { error: "Choose Paybill or Till" }),
    shortcode: shortcodeSchema("The Paybill or Till number"),
    storeNumber: z
      .string()
      .trim()
      .transform((value) => (value === "" ? null : value))
      .pipe(
        z
          .string()
          .regex(/^\d{5,7}$/, { error: "The store number is 5 to 7 digits" })
          .nullable(),
      )
      .nullish(),
    environment: z.enum(["sandbox", "production"], { error: "Choose sandbox or production" }),
    consumerKey: secretSchema("The consumer key"),
    consumerSecret: secretSchema("The consumer secret"),
    passkey: secretSchema("The passkey"),
    initiatorName: optionalText(100, "The initiator name"),
    /** The SecurityCredential the Daraja portal generates from the initiator password (RSA-encrypted, base64). */
    initiatorCredential: secretSchema("The security credential", 4096),
    b2cShortcode: z
      .string()
      .trim()
      .transform((value) => (value === "" ? null : value))
      .pipe(
        z
          .string()
          .regex(/^\d{5,7}$/, { error: "The payout shortcode is 5 to 7 digits" })
          .nullable(),
      )
      .nullish(),
    c2bValidation: z.enum(["accept_all", "known_references"]).default("accept_all"),
  })
  .superRefine((value, context) => {
    if (value.accountType === "till" && !value.storeNumber) {
      context.addIssue({
        code: "custom",
        path: ["storeNumber"],
        message: "A Till needs its store number (the head office number Safaricom gave you)",
      });
    }
  });
export type TMpesaSettingsInput = z.input<typeof ZMpesaSettingsSchema>;

/** A Kenyan mobile number M-Pesa can prompt: 07…, 01…, +254…, 254…. */
export const ZMpesaPhoneSchema = z
  .string({ error: "Enter the customer's M-Pesa number" })
  .trim()
  .min(1, { error: "Enter the customer's M-Pesa number" })
  .refine(
    (value) => {
      if (!isValidPhone(value)) return false;
      try {
        toMpesaMsisdn(value);
        return true;
      } catch {
        return false;
      }
    },
    { error: "Enter a Safaricom number such as 0712 345 678" },
  )
  .transform((value) => toMpesaMsisdn(value));

/** Whole shillings as minor units: M-Pesa moves no cents. */
const wholeShillingsMinorSchema = (min: number, max: number) =>
  z
    .bigint({ error: "Enter an amount" })
    .refine((value) => value % 100n === 0n, { error: "M-Pesa takes whole shillings only" })
    .refine((value) => value >= BigInt(min * 100), { error: `The least M-Pesa takes is KES ${min}` })
    .refine((value) => value <= BigInt(max * 100), {
      error: `The most M-Pesa takes at once is KES ${max.toLocaleString("en-KE")}`,
    });

export const ZRequestInvoicePaymentSchema = z.object({
  invoiceId: ZIdSchema,
  phone: ZMpesaPhoneSchema,
  /** Defaults to the invoice's balance (rounded up to whole shillings). */
  amountMinor: wholeShillingsMinorSchema(1, 250_000).nullish(),
});

export const ZPayInvoicePublicSchema = z.object({
  token: z.string().trim().min(16).max(128),
  phone: ZMpesaPhoneSchema,
});

export const ZPublicPaymentStatusSchema = z.object({
  token: z.string().trim().min(16).max(128),
  paymentRequestId: ZIdSchema,
});

export const ZPaymentRequestRefSchema = z.object({ paymentRequestId: ZIdSchema });

export const MPESA_PAYMENT_FILTERS = ["all", "paid", "pending", "failed", "unreconciled"] as const;

export const ZListMpesaPaymentsSchema = ZPageSchema.extend({
  status: z.enum(MPESA_PAYMENT_FILTERS).default("all"),
  source: z.enum(["all", "stk", "c2b"]).default("all"),
  search: optionalText(100, "Search"),
  from: z.iso.date({ error: "Use a date like 2026-01-31" }).nullish(),
  to: z.iso.date({ error: "Use a date like 2026-01-31" }).nullish(),
});

export const ZExportMpesaPaymentsSchema = ZListMpesaPaymentsSchema.omit({ cursor: true, limit: true });

export const ZMpesaPaymentRefSchema = z.object({ mpesaPaymentId: ZIdSchema });

export const ZMatchMpesaPaymentSchema = z.object({
  mpesaPaymentId: ZIdSchema,
  invoiceId: ZIdSchema,
});

export const ZBookMpesaPaymentSchema = z.object({
  mpesaPaymentId: ZIdSchema,
  categoryId: ZIdSchema.nullish(),
  description: optionalText(500, "The description"),
});

export const ZRequestReversalSchema = z.object({
  mpesaPaymentId: ZIdSchema,
  reason: z
    .string()
    .trim()
    .min(2, "Say why it is being sent back (at least 2 characters)")
    .max(100, "The reason can be at most 100 characters"),
});

export const ZRejectReversalSchema = z.object({
  reversalId: ZIdSchema,
  reason: z.string().trim().min(2, "Say why (at least 2 characters)").max(300),
});

export const ZRequestPayoutSchema = z
  .object({
    purpose: z.enum(["supplier_payment", "customer_refund"]),
    supplierId: ZIdSchema.nullish(),
    customerId: ZIdSchema.nullish(),
    phone: ZMpesaPhoneSchema,
    amountMinor: wholeShillingsMinorSchema(10, 250_000),
    remarks: requiredText(2, 100, "The remarks"),
  })
  .superRefine((value, context) => {
    if (value.purpose === "supplier_payment" && !value.supplierId) {
      context.addIssue({ code: "custom", path: ["supplierId"], message: "Choose the supplier to pay" });
    }
    if (value.purpose === "customer_refund" && !value.customerId) {
      context.addIssue({ code: "custom", path: ["customerId"], message: "Choose the customer to refund" });
    }
  });

export const ZPayoutRefSchema = z.object({ payoutId: ZIdSchema });

export const ZRejectPayoutSchema = z.object({
  payoutId: ZIdSchema,
  reason: requiredText(2, 500, "The reason"),
});

export const ZListPayoutsSchema = ZPageSchema.extend({
  status: z.enum(["all", "awaiting_approval", "in_progress", "paid", "failed", "rejected"]).default("all"),
});
