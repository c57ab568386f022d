import { z } from "zod";
import { PAYMENT_METHODS } from "../ledger/constants";
import { MoneyFormatError, parseMoney, SUPPORTED_CURRENCIES } from "../money";
import {
  optionalText,
  requiredText,
  ZCurrencySchema,
  ZEmailSchema,
  ZIdSchema,
  ZPageSchema,
} from "../schemas/common";
import { isCalendarDate, RECURRENCE_FREQUENCIES } from "./dates";
import { ZOptionalItemClassificationSchema, ZOptionalKraPinSchema } from "./kra";
import { parsePercentToBps, parseQuantity, QuantityFormatError } from "./quantity";
import { INVOICE_STATUSES } from "./status";
import { type InvoiceLineAmounts, MAX_AMOUNT_MINOR, MAX_TAX_RATE_BPS, TAX_TREATMENTS } from "./totals";

/**
 * Invoice inputs as forms send them: amounts and quantities are decimal strings, parsed exactly (never
 * through a float). Amounts are parsed against the invoice currency by `parseInvoiceLines`, because the
 * number of decimals allowed depends on it.
 */

export const ZCalendarDateSchema = z
  .string({ error: "Enter a date" })
  .trim()
  .refine(isCalendarDate, { error: "Enter a date as YYYY-MM-DD" });

/** A money amount as typed: "1,250.50". Checked for shape here, for decimals against the currency later. */
export const ZAmountTextSchema = z
  .string({ error: "Enter an amount" })
  .trim()
  .transform((value) => value.replace(/[\s,_]/g, ""))
  .refine((value) => /^\d{1,13}(\.\d{1,4})?$/.test(value), {
    error: "Enter an amount such as 1,250.00",
  });

export const ZPositiveAmountTextSchema = ZAmountTextSchema.refine((value) => /[1-9]/.test(value), {
  error: "Enter an amount more than 0",
});

export const ZQuantitySchema = z
  .union([z.string(), z.number()], { error: "Enter a quantity" })
  .transform((value, context) => {
    try {
      const milli = parseQuantity(value);
      if (milli <= 0n) {
        context.addIssue({ code: "custom", message: "The quantity must be more than 0" });
        return z.NEVER;
      }
      if (milli > 1_000_000_000n) {
        context.addIssue({ code: "custom", message: "The quantity is at most 1,000,000" });
        return z.NEVER;
      }
      return milli;
    } catch (error) {
      context.addIssue({
        code: "custom",
        message: error instanceof QuantityFormatError ? error.message : "Enter a quantity",
      });
      return z.NEVER;
    }
  });

/** A percentage ("16", "8.5") → basis points. */
export const ZTaxRateSchema = z
  .union([z.string(), z.number()], { error: "Enter a rate such as 16" })
  .transform((value, context) => {
    try {
      const bps = parsePercentToBps(value);
      if (bps > MAX_TAX_RATE_BPS) {
        context.addIssue({ code: "custom", message: "A tax rate is at most 100 %" });
        return z.NEVER;
      }
      return bps;
    } catch {
      context.addIssue({ code: "custom", message: "Enter a rate such as 16 or 8.5" });
      return z.NEVER;
    }
  });

export const ZTaxTreatmentSchema = z.enum(TAX_TREATMENTS, {
  error: "Choose standard-rated, zero-rated or exempt",
});

export const ZInvoiceLineInputSchema = z.object({
  description: requiredText(1, 500, "Description"),
  quantity: ZQuantitySchema,
  unitPrice: ZAmountTextSchema,
  discount: ZAmountTextSchema.default("0"),
  taxTreatment: ZTaxTreatmentSchema.default("standard"),
  /** Percent for standard-rated lines; the business's default rate when left out. */
  taxRate: ZTaxRateSchema.nullish(),
  /** eTIMS item classification code (10 digits), optional until the business connects eTIMS. */
  itemClassificationCode: ZOptionalItemClassificationSchema,
});
export type TInvoiceLineInput = z.input<typeof ZInvoiceLineInputSchema>;
export type TInvoiceLineParsedInput = z.output<typeof ZInvoiceLineInputSchema>;

export const ZInvoiceCurrencySchema = ZCurrencySchema.pipe(
  z.enum(SUPPORTED_CURRENCIES, { error: "This currency is not supported yet" }),
);

export const ZExchangeRateSchema = z
  .string()
  .trim()
  .refine((value) => /^\d{1,10}(\.\d{1,10})?$/.test(value) && /[1-9]/.test(value), {
    error: "Enter a rate such as 129.50 (base currency per one unit)",
  });

/** The editable part of an invoice (a draft): the editor sends all of it on every save. */
export const ZInvoiceDraftSchema = z.object({
  customerId: ZIdSchema,
  /** Defaults to the customer's currency. */
  currency: ZInvoiceCurrencySchema.nullish(),
  /** Base-currency units per one unit of the invoice currency; required for a foreign currency. */
  exchangeRate: ZExchangeRateSchema.nullish(),
  /** Defaults to today in the business's time zone. */
  issueDate: ZCalendarDateSchema.nullish(),
  /** Days until due; defaults to the customer's terms. 0 is "due on receipt". */
  paymentTermsDays: z
    .number({ error: "Enter a number of days" })
    .int({ error: "Enter whole days" })
    .min(0, { error: "Enter 0 or more days" })
    .max(365, { error: "Payment terms are at most 365 days" })
    .nullish(),
  pricesIncludeTax: z.boolean().nullish(),
  /** The buyer's KRA PIN for eTIMS and the VAT return; defaults to the customer's PIN. */
  buyerPin: ZOptionalKraPinSchema,
  lines: z
    .array(ZInvoiceLineInputSchema, { error: "Add at least one line" })
    .min(1, { error: "Add at least one line" })
    .max(200, { error: "An invoice has at most 200 lines" }),
  notes: optionalText(2000, "Notes"),
  terms: optionalText(2000, "Terms"),
});
export type TInvoiceDraftInput = z.input<typeof ZInvoiceDraftSchema>;
export type TInvoiceDraft = z.output<typeof ZInvoiceDraftSchema>;

export const ZInvoiceRefSchema = z.object({ invoiceId: ZIdSchema });

export const ZUpdateInvoiceSchema = ZInvoiceDraftSchema.extend({ invoiceId: ZIdSchema });

export const ZListInvoicesSchema = ZPageSchema.extend({
  status: z.enum([...INVOICE_STATUSES, "open"], { error: "Choose a status" }).nullish(),
  customerId: ZIdSchema.nullish(),
  /** Issue dates, inclusive. */
  from: ZCalendarDateSchema.nullish(),
  to: ZCalendarDateSchema.nullish(),
  overdueOnly: z.boolean().nullish(),
  /** Matches the invoice number or the customer's name. */
  search: z.string().trim().max(100, { error: "Search is at most 100 characters" }).nullish(),
});
export type TListInvoicesInput = z.input<typeof ZListInvoicesSchema>;

export const ZRecordPaymentSchema = z.object({
  invoiceId: ZIdSchema,
  amount: ZPositiveAmountTextSchema,
  method: z.enum(PAYMENT_METHODS, { error: "Choose how the customer paid" }),
  reference: optionalText(100, "Reference"),
  /** When the money arrived; defaults to now. */
  paidAt: z.date({ error: "Enter the payment date" }).nullish(),
  notes: optionalText(1000, "Notes"),
});
export type TRecordPaymentInput = z.input<typeof ZRecordPaymentSchema>;

export const ZApplyCreditSchema = z.object({
  invoiceId: ZIdSchema,
  /** Defaults to as much as the credit and the balance allow. */
  amount: ZPositiveAmountTextSchema.nullish(),
});

export const ZVoidInvoiceSchema = z.object({
  invoiceId: ZIdSchema,
  reason: requiredText(3, 500, "Reason"),
});

export const ZSendInvoiceSchema = z.object({
  invoiceId: ZIdSchema,
  /** Defaults to the customer's email. */
  to: z.union([z.literal("").transform(() => null), ZEmailSchema]).nullish(),
  message: optionalText(2000, "Message"),
});

export const ZChangeDueDateSchema = z.object({ invoiceId: ZIdSchema, dueDate: ZCalendarDateSchema });

export const CREDIT_NOTE_DISPOSITIONS = ["customer_credit", "refund"] as const;
export type CreditNoteDisposition = (typeof CREDIT_NOTE_DISPOSITIONS)[number];

export const ZCreateCreditNoteSchema = z.object({
  invoiceId: ZIdSchema,
  amount: ZPositiveAmountTextSchema,
  reason: requiredText(3, 500, "Reason"),
  /** What happens to any part that exceeds what the customer still owed. */
  disposition: z
    .enum(CREDIT_NOTE_DISPOSITIONS, { error: "Choose credit or refund" })
    .default("customer_credit"),
});

const ZPrefixSchema = (label: string) =>
  z
    .string({ error: `${label} is required` })
    .trim()
    .toUpperCase()
    .min(1, { error: `${label} is required` })
    .max(12, { error: `${label} has at most 12 characters` })
    .regex(/^[A-Z0-9]+$/, { error: `${label} uses letters and digits only, like INV` });

export const ZInvoiceSettingsSchema = z.object({
  prefix: ZPrefixSchema("The invoice prefix"),
  includeYear: z.boolean(),
  padding: z
    .number({ error: "Enter a number of digits" })
    .int()
    .min(1, { error: "At least 1 digit" })
    .max(8, { error: "At most 8 digits" }),
  creditNotePrefix: ZPrefixSchema("The credit-note prefix"),
  defaultPaymentTermsDays: z
    .number({ error: "Enter a number of days" })
    .int({ error: "Enter whole days" })
    .min(0, { error: "Enter 0 or more days" })
    .max(365, { error: "Payment terms are at most 365 days" }),
  defaultTaxRate: ZTaxRateSchema,
  pricesIncludeTax: z.boolean(),
  defaultNotes: optionalText(2000, "Default notes"),
  defaultTerms: optionalText(2000, "Default terms"),
  /** Bank or other instructions printed when M-Pesa is not set up (or beside it). */
  paymentInstructions: optionalText(2000, "Payment instructions"),
  reminderOffsetsDays: z
    .array(
      z
        .number({ error: "Enter a number of days" })
        .int({ error: "Enter whole days" })
        .min(-60, { error: "At most 60 days before the due date" })
        .max(120, { error: "At most 120 days after the due date" }),
    )
    .max(6, { error: "At most 6 reminders" })
    .transform((offsets) => [...new Set(offsets)].sort((a, b) => a - b)),
  remindersEnabled: z.boolean(),
});
export const ZUpdateInvoiceSettingsSchema = ZInvoiceSettingsSchema.partial();
export type TInvoiceSettingsInput = z.input<typeof ZInvoiceSettingsSchema>;

export const ZCreateRecurringInvoiceSchema = z.object({
  /** The invoice whose customer, lines, notes and terms each new invoice copies. */
  invoiceId: ZIdSchema,
  frequency: z.enum(RECURRENCE_FREQUENCIES, { error: "Choose weekly, monthly or quarterly" }),
  startDate: ZCalendarDateSchema,
  endDate: ZCalendarDateSchema.nullish(),
  autoSend: z.boolean().default(false),
});

export const ZUpdateRecurringInvoiceSchema = z.object({
  recurringInvoiceId: ZIdSchema,
  /** Point the schedule at another invoice to change what it copies. */
  templateInvoiceId: ZIdSchema.optional(),
  frequency: z.enum(RECURRENCE_FREQUENCIES, { error: "Choose weekly, monthly or quarterly" }).optional(),
  nextRunDate: ZCalendarDateSchema.optional(),
  endDate: ZCalendarDateSchema.nullish(),
  autoSend: z.boolean().optional(),
  active: z.boolean().optional(),
});

export const ZPublicInvoiceTokenSchema = z.object({
  token: z
    .string({ error: "This link is not valid" })
    .min(20, { error: "This link is not valid" })
    .max(100, { error: "This link is not valid" })
    .regex(/^[A-Za-z0-9_-]+$/, { error: "This link is not valid" }),
});

export interface ParsedInvoiceLine extends InvoiceLineAmounts {
  description: string;
  itemClassificationCode?: string | null;
}

export type ParseLinesResult =
  | { ok: true; lines: ParsedInvoiceLine[] }
  | { ok: false; fieldErrors: Record<string, string[]> };

/** Parses amounts against the invoice currency; errors come back keyed "lines.2.unitPrice" for the form. */
export function parseInvoiceLines(
  lines: readonly TInvoiceLineParsedInput[],
  currency: string,
  defaultTaxRateBps: number,
): ParseLinesResult {
  const fieldErrors: Record<string, string[]> = {};
  const parsed: ParsedInvoiceLine[] = [];
  lines.forEach((line, index) => {
    const unitPriceMinor = parseAmount(line.unitPrice, currency, `lines.${index}.unitPrice`, fieldErrors);
    const discountMinor = parseAmount(line.discount, currency, `lines.${index}.discount`, fieldErrors);
    if (unitPriceMinor === null || discountMinor === null) return;
    parsed.push({
      description: line.description,
      quantityMilli: line.quantity,
      unitPriceMinor,
      discountMinor,
      taxTreatment: line.taxTreatment,
      taxRateBps: line.taxTreatment === "standard" ? (line.taxRate ?? defaultTaxRateBps) : 0,
      itemClassificationCode: line.itemClassificationCode ?? null,
    });
  });
  return Object.keys(fieldErrors).length > 0 ? { ok: false, fieldErrors } : { ok: true, lines: parsed };
}

/** An amount typed for a currency → minor units, or a message fit for the field. */
export function parseAmountForCurrency(
  value: string,
  currency: string,
): { ok: true; minor: bigint } | { ok: false; message: string } {
  try {
    const minor = parseMoney(value, currency);
    if (minor < 0n) return { ok: false, message: "An amount cannot be negative" };
    if (minor > MAX_AMOUNT_MINOR) return { ok: false, message: "This amount is too large" };
    return { ok: true, minor };
  } catch (error) {
    return {
      ok: false,
      message: error instanceof MoneyFormatError ? error.message : "Enter an amount such as 1,250.00",
    };
  }
}

function parseAmount(
  value: string,
  currency: string,
  field: string,
  fieldErrors: Record<string, string[]>,
): bigint | null {
  const result = parseAmountForCurrency(value, currency);
  if (result.ok) return result.minor;
  fieldErrors[field] = [result.message];
  return null;
}

export const ZSendInvoiceSmsSchema = z.object({
  invoiceId: ZIdSchema,
  /** Defaults to the customer's phone; a Kenyan mobile (Africa's Talking). */
  to: z
    .string()
    .trim()
    .max(30, { error: "Enter a phone number such as 0712 345 678" })
    .transform((value) => (value === "" ? null : value))
    .nullish(),
});

/** A business's SMS settings: on/off and the sender id (alphanumeric, ≤ 11) or short code it registered. */
export const ZUpdateSmsSettingsSchema = z.object({
  enabled: z.boolean(),
  senderId: z
    .string()
    .trim()
    .max(11, { error: "A sender ID is at most 11 characters" })
    .regex(/^[A-Za-z0-9 ]*$/, { error: "Use letters, digits and spaces only" })
    .transform((value) => (value === "" ? null : value))
    .nullish()
    .transform((value) => value ?? null),
});
