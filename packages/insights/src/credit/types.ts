import { z } from "zod";

const minor = z.coerce.bigint();

/** One month of the business's books (complete months only), base-currency minor units. */
export const ZCreditMonthSchema = z.object({
  month: z.string().regex(/^\d{4}-\d{2}-01$/),
  incomeMinor: minor,
  expenseMinor: minor,
});

/**
 * What the credit score is computed from, gathered by the API's credit service from the books as of a day.
 * Ratios the books cannot answer are null (no invoices, no regular suppliers): their factor is then neutral.
 */
export const ZCreditInputSchema = z.object({
  asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  currency: z.string().length(3),
  /** Up to the last 12 complete months, oldest first; months with no activity are zeros. */
  months: z.array(ZCreditMonthSchema).max(24),
  /** Months (ever) with at least one completed transaction. */
  activeMonths: z.number().int().nonnegative(),
  cashBalanceMinor: minor,
  /** Owed by customers on issued invoices, what of it is more than 60 days past due, and credit sales (invoiced) in the last 90 days. */
  receivablesMinor: minor,
  receivablesOver60Minor: minor,
  creditSales90Minor: minor,
  /** The largest customer's share of the last 12 months' income named to a customer (0–1), null with none named. */
  topCustomerShare: z.number().min(0).max(1).nullable(),
  /** Share of regular supplier payments made on their rhythm (0–1), null when there are no regular suppliers. */
  supplierPunctuality: z.number().min(0).max(1).nullable(),
  /** Share of the last 90 days with money in by M-Pesa (or any money in when the business takes no M-Pesa). */
  inflowDayShare: z.number().min(0).max(1),
  /** Money-in transactions in the last 12 months, and those reversed or bounced (voided after being recorded). */
  inflowCount: z.number().int().nonnegative(),
  reversedCount: z.number().int().nonnegative(),
  /** Share of the last 12 months' transactions with a category (0–1). */
  categorisedShare: z.number().min(0).max(1),
  /** Whether an opening balance is set (the cash balance is then reconciled to something real). */
  openingBalanceSet: z.boolean(),
});

export type TCreditInput = z.output<typeof ZCreditInputSchema>;
export type TCreditInputIn = z.input<typeof ZCreditInputSchema>;

export const CREDIT_BANDS = ["Poor", "Fair", "Good", "Very good", "Excellent"] as const;
export type CreditBand = (typeof CREDIT_BANDS)[number];

export const CREDIT_FACTOR_KEYS = [
  "revenue_level",
  "revenue_stability",
  "growth",
  "profit_margin",
  "cash_buffer",
  "days_sales_outstanding",
  "receivables_ageing",
  "customer_concentration",
  "supplier_punctuality",
  "inflow_regularity",
  "reversals",
  "data_quality",
] as const;
export type CreditFactorKey = (typeof CREDIT_FACTOR_KEYS)[number];

export interface CreditFactor {
  key: CreditFactorKey;
  /** Reason code, as on a consumer credit report (KV01…). */
  code: string;
  label: string;
  /** Share of the score (the weights sum to 1). */
  weight: number;
  /** The measured value, in `unit`, or null when the books cannot say (then neutral). */
  value: number | null;
  unit: "KES/month" | "%" | "days" | "ratio";
  /** How good the value is, 0–1 (monotone in the value). */
  subscore: number;
  /** Points of the 550 above 300 this factor gives and could give. */
  points: number;
  maxPoints: number;
  healthy: string;
  status: "healthy" | "fair" | "weak" | "unknown";
  reason: string;
  /** What would raise it (for factors that are not healthy). */
  suggestion: string | null;
  /**
   * The healthy range and reason in Kiswahili, from the same value (the suggestion is in FACTOR_SW by key).
   * Absent on scores stored before they were added: screens then show the English.
   */
  sw?: { healthy: string; reason: string };
}

export interface CreditScoreResult {
  modelVersion: string;
  asOf: string;
  status: "scored" | "insufficient_history";
  score: number | null;
  band: CreditBand | null;
  factors: CreditFactor[];
  /** The factors that cost the most points, largest first (at most four). */
  reasons: {
    /** Absent on scores stored before it was added. */
    key?: CreditFactorKey;
    code: string;
    label: string;
    reason: string;
    pointsLost: number;
    suggestion: string | null;
    /** The reason in Kiswahili (absent on scores stored before it was added). */
    reasonSw?: string;
  }[];
  message: string;
  /** The message in Kiswahili, from the same figures (absent on scores stored before it was added). */
  messageSw?: string;
}
