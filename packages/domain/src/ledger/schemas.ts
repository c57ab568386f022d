import { z } from "zod";
import { ZOptionalKraPinSchema } from "../invoices/kra";
import { ZLanguageSchema } from "../schemas/auth";
import {
  optionalText,
  requiredText,
  ZCurrencySchema,
  ZEmailSchema,
  ZIdSchema,
  ZPageSchema,
  ZPhoneSchema,
} from "../schemas/common";
import {
  CATEGORY_KINDS,
  PAYMENT_METHODS,
  TRANSACTION_SOURCES,
  TRANSACTION_STATUSES,
  TRANSACTION_TYPES,
} from "./constants";
import { isValidLocalDate } from "./dates";
import { isValidExchangeRate } from "./exchange";

/** A local calendar date in the business's time zone. */
export const ZLocalDateSchema = z
  .string({ error: "Enter a date" })
  .trim()
  .refine(isValidLocalDate, { error: "Enter a date as YYYY-MM-DD, such as 2026-11-21" });

export const ZMonthSchema = z
  .string({ error: "Choose a month" })
  .trim()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: "Choose a month as YYYY-MM, such as 2026-11" });

/** A human amount ("1,250.00"); decimals are checked against the currency when it is known. */
export const ZAmountInputSchema = z
  .string({ error: "Enter an amount" })
  .trim()
  .min(1, { error: "Enter an amount" })
  .max(30, { error: "That amount is too long" })
  .regex(/^\d{1,3}(,?\d{3})*(\.\d+)?$|^\d+(\.\d+)?$/, {
    error: "Enter an amount such as 1,250.00 (no currency sign, no minus)",
  });

export const ZExchangeRateInputSchema = z
  .string({ error: "Enter the exchange rate" })
  .trim()
  .refine(isValidExchangeRate, {
    error: "Enter the rate as a number more than zero, such as 129.35 (up to 10 decimals)",
  });

const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2})?)?$/;

/** An instant, or a local date / date-time ("2026-11-21", "2026-11-21T14:30") read in the business's zone. */
export const ZTransactionDateSchema = z.union(
  [
    z.date().refine((date) => date.getUTCFullYear() >= 2000 && date.getUTCFullYear() <= 2100, {
      error: "Choose a date between 2000 and 2100",
    }),
    z
      .string()
      .trim()
      .regex(LOCAL_DATE_TIME)
      .refine(
        (value) =>
          isValidLocalDate(value.slice(0, 10)) && value.slice(0, 4) >= "2000" && value.slice(0, 4) <= "2100",
      ),
  ],
  { error: "Enter the date of the transaction, such as 2026-11-21" },
);

const nullableId = ZIdSchema.nullish();

export const ZTransactionFieldsSchema = z.object({
  type: z.enum(TRANSACTION_TYPES, { error: "Choose money in, money out or transfer" }),
  amount: ZAmountInputSchema,
  /** Defaults to the business's base currency. */
  currency: ZCurrencySchema.nullish(),
  /** Base-currency units per one unit of `currency`; required for a foreign currency, 1 otherwise. */
  exchangeRate: ZExchangeRateInputSchema.nullish(),
  categoryId: nullableId,
  description: optionalText(500, "The description"),
  paymentMethod: z.enum(PAYMENT_METHODS, { error: "Choose how the money moved" }).default("cash"),
  transactionDate: ZTransactionDateSchema,
  referenceNumber: optionalText(100, "The reference"),
  /** VAT included in the amount, as on the supplier's tax invoice (blank: none or not known). */
  vat: z.union([z.literal("").transform(() => null), ZAmountInputSchema]).nullish(),
  status: z.enum(["pending", "completed"], { error: "Choose pending or completed" }).default("completed"),
  customerId: nullableId,
  supplierId: nullableId,
  notes: optionalText(2000, "Notes"),
});
export type TTransactionFields = z.output<typeof ZTransactionFieldsSchema>;

export const ZCreateTransactionSchema = ZTransactionFieldsSchema.extend({
  /** A key from another system; a second transaction with the same key is refused. */
  externalId: optionalText(255, "The external id"),
  /**
   * Made by the device when the entry was captured (offline capture): sending the same create again returns the
   * transaction already booked under it instead of booking a second one.
   */
  clientRequestId: ZIdSchema.optional(),
});

/** Only what is sent changes (no defaults here: a missing field must never reset one). */
export const ZUpdateTransactionSchema = ZTransactionFieldsSchema.extend({
  paymentMethod: z.enum(PAYMENT_METHODS, { error: "Choose how the money moved" }),
  status: z.enum(["pending", "completed"], { error: "Choose pending or completed" }),
})
  .partial()
  .extend({ transactionId: ZIdSchema });

export const ZTransactionRefSchema = z.object({ transactionId: ZIdSchema });

export const ZVoidTransactionSchema = z.object({
  transactionId: ZIdSchema,
  reason: requiredText(3, 500, "A reason"),
});

export const TRANSACTION_SORTS = ["date_desc", "date_asc", "amount_desc", "amount_asc"] as const;
export type TransactionSort = (typeof TRANSACTION_SORTS)[number];

const oneOrMany = <T extends z.ZodType>(schema: T) =>
  z.union([schema, z.array(schema).max(20)]).transform((value) => (Array.isArray(value) ? value : [value]));

/** Filters shared by the list, the CSV export and the bulk actions' "everything that matches". */
export const ZTransactionFiltersSchema = z.object({
  types: oneOrMany(z.enum(TRANSACTION_TYPES)).optional(),
  statuses: oneOrMany(z.enum(TRANSACTION_STATUSES)).optional(),
  paymentMethods: oneOrMany(z.enum(PAYMENT_METHODS)).optional(),
  sources: oneOrMany(z.enum(TRANSACTION_SOURCES)).optional(),
  categoryIds: z.array(ZIdSchema).max(50).optional(),
  /** Only transactions without a category. */
  uncategorised: z.boolean().optional(),
  from: ZLocalDateSchema.nullish(),
  to: ZLocalDateSchema.nullish(),
  /** In the base currency. */
  minAmount: ZAmountInputSchema.nullish(),
  maxAmount: ZAmountInputSchema.nullish(),
  customerId: nullableId,
  supplierId: nullableId,
  invoiceId: nullableId,
  currency: ZCurrencySchema.nullish(),
  search: z.string().trim().max(200, { error: "Search for at most 200 characters" }).nullish(),
});
export type TTransactionFilters = z.output<typeof ZTransactionFiltersSchema>;

export const ZListTransactionsSchema = ZTransactionFiltersSchema.extend({
  sort: z.enum(TRANSACTION_SORTS).default("date_desc"),
  cursor: z.string().max(500).nullish(),
  limit: z.number().int().min(1).max(200).default(50),
});

export const ZBulkTransactionIdsSchema = z.object({
  transactionIds: z
    .array(ZIdSchema, { error: "Choose the transactions" })
    .min(1, { error: "Choose at least one transaction" })
    .max(500, { error: "Choose at most 500 transactions at a time" }),
});

export const ZBulkCategoriseSchema = ZBulkTransactionIdsSchema.extend({
  /** null removes the category. */
  categoryId: ZIdSchema.nullable(),
});

// ── Customers and suppliers ────────────────────────────────────────────────────────────────────────────

const ZTaxIdSchema = ZOptionalKraPinSchema;

const ZOptionalEmailSchema = z.union([z.literal("").transform(() => null), ZEmailSchema]).nullish();

export const ZAccountNumberSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9-]{1,20}$/, { error: "Use letters, digits and dashes only (at most 20), such as C0042" });

const ZCountrySchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, { error: "Choose a country" });

const ZPaymentTermsSchema = z
  .number({ error: "Enter the payment terms in days" })
  .int({ error: "Use whole days" })
  .min(0, { error: "Payment terms cannot be negative" })
  .max(365, { error: "Payment terms are at most 365 days" });

/** The ways a customer can be reminded of an invoice; WhatsApp is a wa.me link the owner sends themselves. */
export const CUSTOMER_REMINDER_CHANNELS = ["email", "sms", "whatsapp"] as const;
export type TCustomerReminderChannel = (typeof CUSTOMER_REMINDER_CHANNELS)[number];

export const ZContactFieldsSchema = z.object({
  name: requiredText(1, 200, "The name"),
  email: ZOptionalEmailSchema,
  phone: ZPhoneSchema,
  taxId: ZTaxIdSchema,
  address: optionalText(1000, "The address"),
  city: optionalText(100, "The city"),
  country: ZCountrySchema.default("KE"),
  notes: optionalText(2000, "Notes"),
});

export const ZCustomerFieldsSchema = ZContactFieldsSchema.extend({
  /** Left empty, the next number (C0001, C0002, …) is given. */
  accountNumber: z.union([z.literal("").transform(() => null), ZAccountNumberSchema]).nullish(),
  currency: ZCurrencySchema.default("KES"),
  paymentTermsDays: ZPaymentTermsSchema.default(14),
  language: ZLanguageSchema.default("en"),
  /** How reminders reach them: email, SMS, or a WhatsApp link the owner sends. */
  reminderChannel: z.enum(CUSTOMER_REMINDER_CHANNELS).default("email"),
});
export const ZCreateCustomerSchema = ZCustomerFieldsSchema;
export const ZUpdateCustomerSchema = ZCustomerFieldsSchema.extend({
  country: ZCountrySchema,
  currency: ZCurrencySchema,
  paymentTermsDays: ZPaymentTermsSchema,
  language: ZLanguageSchema,
  reminderChannel: z.enum(CUSTOMER_REMINDER_CHANNELS),
})
  .partial()
  .extend({ customerId: ZIdSchema });
export const ZCustomerRefSchema = z.object({ customerId: ZIdSchema });

export const ZSupplierFieldsSchema = ZContactFieldsSchema.extend({
  paymentDetails: optionalText(1000, "Payment details"),
});
export const ZCreateSupplierSchema = ZSupplierFieldsSchema;
export const ZUpdateSupplierSchema = ZSupplierFieldsSchema.extend({ country: ZCountrySchema })
  .partial()
  .extend({ supplierId: ZIdSchema });
export const ZSupplierRefSchema = z.object({ supplierId: ZIdSchema });

export const ZListContactsSchema = ZPageSchema.extend({
  search: z.string().trim().max(200, { error: "Search for at most 200 characters" }).nullish(),
  includeArchived: z.boolean().default(false),
});

export const ZStatementSchema = z.object({
  customerId: ZIdSchema,
  from: ZLocalDateSchema.nullish(),
  to: ZLocalDateSchema.nullish(),
});

export const ZSupplierSpendSchema = z.object({
  supplierId: ZIdSchema,
  months: z.number().int().min(1).max(36).default(12),
});

// ── Categories ─────────────────────────────────────────────────────────────────────────────────────────

const ZColorSchema = z
  .string()
  .trim()
  .regex(/^#[0-9a-fA-F]{6}$/, { error: "Choose a colour such as #15803d" })
  .nullish();

export const ZCreateCategorySchema = z.object({
  kind: z.enum(CATEGORY_KINDS, { error: "Choose income or expense" }),
  name: requiredText(1, 100, "The name"),
  color: ZColorSchema,
});
export const ZUpdateCategorySchema = z.object({
  categoryId: ZIdSchema,
  name: requiredText(1, 100, "The name").optional(),
  color: ZColorSchema,
});
export const ZCategoryRefSchema = z.object({ categoryId: ZIdSchema });
export const ZMergeCategoriesSchema = z.object({
  /** Merged away: its transactions and budgets move to the target, then it is archived. */
  sourceCategoryId: ZIdSchema,
  targetCategoryId: ZIdSchema,
});
export const ZListCategoriesSchema = z.object({
  kind: z.enum(CATEGORY_KINDS).nullish(),
  includeArchived: z.boolean().default(false),
});

// ── Budgets ────────────────────────────────────────────────────────────────────────────────────────────

export const BUDGET_PERIODS = ["month", "custom"] as const;

export const ZCreateBudgetSchema = z
  .object({
    categoryId: ZIdSchema,
    period: z.enum(BUDGET_PERIODS).default("month"),
    /** For a monthly budget. */
    month: ZMonthSchema.nullish(),
    /** Repeat a monthly budget for this many months (1 = just this one). */
    repeatMonths: z
      .number()
      .int()
      .min(1, { error: "At least one month" })
      .max(12, { error: "At most 12 months" })
      .default(1),
    /** For a custom period (inclusive). */
    periodStart: ZLocalDateSchema.nullish(),
    periodEnd: ZLocalDateSchema.nullish(),
    amount: ZAmountInputSchema,
  })
  .superRefine((input, context) => {
    if (input.period === "month" && !input.month) {
      context.addIssue({ code: "custom", path: ["month"], message: "Choose the month" });
    }
    if (input.period === "custom") {
      if (!input.periodStart)
        context.addIssue({ code: "custom", path: ["periodStart"], message: "Choose the first day" });
      if (!input.periodEnd)
        context.addIssue({ code: "custom", path: ["periodEnd"], message: "Choose the last day" });
      if (input.periodStart && input.periodEnd && input.periodEnd < input.periodStart) {
        context.addIssue({
          code: "custom",
          path: ["periodEnd"],
          message: "The last day is before the first day",
        });
      }
    }
  });
export const ZUpdateBudgetSchema = z.object({ budgetId: ZIdSchema, amount: ZAmountInputSchema });
export const ZBudgetRefSchema = z.object({ budgetId: ZIdSchema });
export const ZListBudgetsSchema = z.object({
  /** Budgets overlapping this month (default: the current month in the business's zone). */
  month: ZMonthSchema.nullish(),
});
export const ZCopyBudgetsSchema = z.object({ fromMonth: ZMonthSchema, toMonth: ZMonthSchema });

// ── Reports ────────────────────────────────────────────────────────────────────────────────────────────

export const GRANULARITIES = ["day", "week", "month"] as const;

export const ZDateRangeSchema = z
  .object({ from: ZLocalDateSchema, to: ZLocalDateSchema })
  .refine((range) => range.from <= range.to, { error: "The end date is before the start date", path: ["to"] })
  .refine((range) => range.from.slice(0, 4) >= "2000" && range.to.slice(0, 4) <= "2100", {
    error: "Choose dates between 2000 and 2100",
    path: ["from"],
  });

export const ZTimeSeriesSchema = z.object({
  from: ZLocalDateSchema.nullish(),
  to: ZLocalDateSchema.nullish(),
  granularity: z.enum(GRANULARITIES).default("month"),
});

export const DASHBOARD_PERIODS = [
  "this_month",
  "last_month",
  "last_30_days",
  "this_quarter",
  "this_year",
  "last_12_months",
] as const;
export type DashboardPeriod = (typeof DASHBOARD_PERIODS)[number];

export const ZOpeningBalanceSchema = z.object({
  amount: z
    .string({ error: "Enter the opening balance" })
    .trim()
    .regex(/^-?\d{1,3}(,?\d{3})*(\.\d+)?$|^-?\d+(\.\d+)?$/, { error: "Enter an amount such as 150,000.00" }),
  date: ZLocalDateSchema,
});

export const ZVatReportSchema = z.object({ month: ZMonthSchema });

export const FINANCIAL_REPORTS = [
  "profit_and_loss",
  "cash_summary",
  "aged_receivables",
  "supplier_spend",
  "customer_statement",
] as const;
export type FinancialReportKind = (typeof FINANCIAL_REPORTS)[number];

export const ZReportPeriodSchema = ZDateRangeSchema;

export const ZCustomerStatementSchema = z
  .object({ customerId: ZIdSchema, from: ZLocalDateSchema, to: ZLocalDateSchema })
  .refine((range) => range.from <= range.to, {
    error: "The end date is before the start date",
    path: ["to"],
  });

export const ZAgedReceivablesSchema = z.object({ asOf: ZLocalDateSchema.nullish() });

export const REPORT_EXPORT_FORMATS = ["csv", "pdf"] as const;

/**
 * One export request: which report, its parameters, CSV or PDF, and the language of its headings (the
 * reader's own when left out).
 */
const ZReportExportCommon = { format: z.enum(REPORT_EXPORT_FORMATS), language: ZLanguageSchema.optional() };
export const ZReportExportSchema = z.discriminatedUnion("report", [
  z.object({ report: z.literal("vat"), ...ZReportExportCommon, month: ZMonthSchema }),
  z.object({
    report: z.enum(["profit_and_loss", "cash_summary", "supplier_spend"]),
    ...ZReportExportCommon,
    from: ZLocalDateSchema,
    to: ZLocalDateSchema,
  }),
  z.object({
    report: z.literal("aged_receivables"),
    ...ZReportExportCommon,
    asOf: ZLocalDateSchema.nullish(),
  }),
  z.object({
    report: z.literal("customer_statement"),
    ...ZReportExportCommon,
    customerId: ZIdSchema,
    from: ZLocalDateSchema,
    to: ZLocalDateSchema,
  }),
]);
export type TReportExport = z.output<typeof ZReportExportSchema>;
