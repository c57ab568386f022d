import { type CurrencyCode, minorDigits } from "@kavi/domain";
import { CREDIT_MESSAGE_SW, FACTOR_SW, UNKNOWN_REASON_SW } from "./kiswahili";
import {
  CREDIT_BANDS,
  type CreditBand,
  type CreditFactor,
  type CreditFactorKey,
  type CreditScoreResult,
  type TCreditInputIn,
  ZCreditInputSchema,
} from "./types";

export const CREDIT_MODEL_VERSION = "credit-1.0";
export const MIN_SCORE = 300;
export const MAX_SCORE = 850;
const SPAN = MAX_SCORE - MIN_SCORE;
/** Fewer complete months of books than this: "not enough history yet". */
export const MIN_ACTIVE_MONTHS = 3;
/** A factor the books cannot measure counts as middling, neither helping nor hurting much. */
const NEUTRAL = 0.5;

/**
 * Each factor: its weight, the value at which it scores nothing ("bad") and in full ("good"), straight
 * between. Subscores are monotone in the value by construction (a clamp of a straight line), weights are
 * positive and the score is 300 + 550 × Σ weight × subscore, so improving one factor with the others fixed can
 * never lower the score. Revenue level is scored on a log scale (doubling counts the same at any size).
 */
interface FactorSpec {
  code: string;
  label: string;
  weight: number;
  bad: number;
  good: number;
  unit: CreditFactor["unit"];
  healthy: string;
  /** Sentences for a weak or fair value, and what would raise it. */
  weak: (value: number) => string;
  fine: (value: number) => string;
  suggestion: string;
}

const pct = (value: number) => `${Math.round(value * 100)} %`;

export const CREDIT_FACTORS: Record<CreditFactorKey, FactorSpec> = {
  revenue_level: {
    code: "KV01",
    label: "Revenue level",
    weight: 0.1,
    bad: Math.log10(20_000),
    good: Math.log10(1_000_000),
    unit: "KES/month",
    healthy: "KES 1,000,000 a month or more (scored on a log scale from KES 20,000)",
    weak: (value) =>
      `Average money in is about KES ${Math.round(value).toLocaleString("en-KE")} a month, small for lenders.`,
    fine: (value) => `Average money in is about KES ${Math.round(value).toLocaleString("en-KE")} a month.`,
    suggestion:
      "Record all sales, including cash and M-Pesa till payments, so the books show the full turnover.",
  },
  revenue_stability: {
    code: "KV02",
    label: "Revenue stability",
    weight: 0.1,
    bad: 0.8,
    good: 0.15,
    unit: "ratio",
    healthy: "Monthly revenue varies by 15 % or less (coefficient of variation)",
    weak: (value) => `Monthly revenue swings a lot (it varies by about ${pct(value)} from month to month).`,
    fine: (value) => `Monthly revenue is steady (it varies by about ${pct(value)}).`,
    suggestion: "Smooth income with regular customers, contracts or recurring invoices.",
  },
  growth: {
    code: "KV03",
    label: "Growth",
    weight: 0.08,
    bad: -0.3,
    good: 0.2,
    unit: "%",
    healthy: "Revenue of the last three months 20 % or more above the three before",
    weak: (value) =>
      `Revenue of the last three months is ${pct(Math.abs(value))} ${value < 0 ? "below" : "above"} the three before.`,
    fine: (value) =>
      `Revenue of the last three months is ${pct(Math.abs(value))} ${value < 0 ? "below" : "above"} the three before.`,
    suggestion: "Growth in sales over the next quarter raises this factor.",
  },
  profit_margin: {
    code: "KV04",
    label: "Profit margin",
    weight: 0.14,
    bad: -0.2,
    good: 0.2,
    unit: "%",
    healthy: "20 % or more of money in is left after expenses (last six months)",
    weak: (value) => `Only ${pct(value)} of money in was left after expenses over the last six months.`,
    fine: (value) => `${pct(value)} of money in was left after expenses over the last six months.`,
    suggestion: "Cut the largest expense categories or raise prices; every extra percent of margin counts.",
  },
  cash_buffer: {
    code: "KV05",
    label: "Cash buffer",
    weight: 0.12,
    bad: 0,
    good: 60,
    unit: "days",
    healthy: "Cash covers 60 days of expenses or more",
    weak: (value) => `Cash on hand covers about ${Math.round(value)} days of expenses.`,
    fine: (value) => `Cash on hand covers about ${Math.round(value)} days of expenses.`,
    suggestion: "Keep more cash back: aim for two months of expenses.",
  },
  days_sales_outstanding: {
    code: "KV06",
    label: "Days sales outstanding",
    weight: 0.08,
    bad: 120,
    good: 30,
    unit: "days",
    healthy: "Customers pay invoices within 30 days on average",
    weak: (value) => `Customers take about ${Math.round(value)} days on average to pay invoices.`,
    fine: (value) => `Customers take about ${Math.round(value)} days on average to pay invoices.`,
    suggestion: "Send reminders and offer M-Pesa payment on invoices so customers pay sooner.",
  },
  receivables_ageing: {
    code: "KV07",
    label: "Receivables ageing",
    weight: 0.06,
    bad: 0.5,
    good: 0,
    unit: "%",
    healthy: "Nothing owed more than 60 days past due",
    weak: (value) => `${pct(value)} of what customers owe is more than 60 days past due.`,
    fine: (value) => `${pct(value)} of what customers owe is more than 60 days past due.`,
    suggestion:
      "Chase or settle invoices more than 60 days overdue (or credit them if they will not be paid).",
  },
  customer_concentration: {
    code: "KV08",
    label: "Customer concentration",
    weight: 0.07,
    bad: 0.7,
    good: 0.2,
    unit: "%",
    healthy: "No customer brings more than 20 % of revenue",
    weak: (value) => `One customer brings ${pct(value)} of revenue: losing them would hurt.`,
    fine: (value) => `The largest customer brings ${pct(value)} of revenue.`,
    suggestion: "Win more customers so no single one brings more than a fifth of revenue.",
  },
  supplier_punctuality: {
    code: "KV09",
    label: "Paying suppliers on time",
    weight: 0.07,
    bad: 0.5,
    good: 0.95,
    unit: "%",
    healthy: "95 % or more of regular payments (rent, wages, suppliers) made on their usual day",
    weak: (value) => `Only ${pct(value)} of regular payments were made on their usual schedule.`,
    fine: (value) => `${pct(value)} of regular payments were made on their usual schedule.`,
    suggestion: "Pay rent, wages and regular suppliers on their usual day.",
  },
  inflow_regularity: {
    code: "KV10",
    label: "M-Pesa inflow regularity",
    weight: 0.06,
    bad: 0.1,
    good: 0.7,
    unit: "%",
    healthy: "Money comes in on 70 % of days or more (last 90 days)",
    weak: (value) => `Money came in on only ${pct(value)} of the last 90 days.`,
    fine: (value) => `Money came in on ${pct(value)} of the last 90 days.`,
    suggestion: "Take payments through M-Pesa (Paybill or Till) so every sale shows in the books.",
  },
  reversals: {
    code: "KV11",
    label: "Reversed or bounced payments",
    weight: 0.06,
    bad: 0.05,
    good: 0,
    unit: "%",
    healthy: "No payments reversed or bounced",
    weak: (value) => `${pct(value)} of payments received were reversed or bounced in the last 12 months.`,
    fine: (value) => `${pct(value)} of payments received were reversed or bounced in the last 12 months.`,
    suggestion: "Confirm payments before releasing goods; avoid cheques that may bounce.",
  },
  data_quality: {
    code: "KV12",
    label: "Data quality",
    weight: 0.06,
    bad: 0.5,
    good: 0.98,
    unit: "%",
    healthy: "98 % or more of transactions categorised, and an opening balance set",
    weak: (value) => `The books are ${pct(value)} complete (categorised transactions, opening balance).`,
    fine: (value) => `The books are ${pct(value)} complete (categorised transactions, opening balance).`,
    suggestion: "Categorise the uncategorised transactions and set the opening balance.",
  },
};

/** A factor's Kiswahili words: every factor has them (the table is keyed by string so the web app can load it). */
function swWordsOf(key: CreditFactorKey) {
  const words = FACTOR_SW[key];
  if (!words) throw new Error(`no Kiswahili words for credit factor ${key}`);
  return words;
}

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}

/** 0 at `bad`, 1 at `good`, a straight line between: non-decreasing as the value moves towards `good`. */
export function subscoreOf(key: CreditFactorKey, value: number | null): number {
  if (value === null || Number.isNaN(value)) return NEUTRAL;
  const spec = CREDIT_FACTORS[key];
  const x = key === "revenue_level" ? Math.log10(Math.max(value, 1)) : value;
  return clamp01((x - spec.bad) / (spec.good - spec.bad));
}

export function bandOf(score: number): CreditBand {
  if (score >= 800) return CREDIT_BANDS[4];
  if (score >= 740) return CREDIT_BANDS[3];
  if (score >= 670) return CREDIT_BANDS[2];
  if (score >= 580) return CREDIT_BANDS[1];
  return CREDIT_BANDS[0];
}

/** The score from the factors' values: 300 + 550 × Σ weight × subscore, rounded. */
export function scoreFromValues(values: Record<CreditFactorKey, number | null>): number {
  let total = 0;
  for (const key of Object.keys(CREDIT_FACTORS) as CreditFactorKey[]) {
    total += CREDIT_FACTORS[key].weight * subscoreOf(key, values[key]);
  }
  return Math.round(MIN_SCORE + SPAN * total);
}

function mean(values: number[]): number {
  return values.length ? values.reduce((sum, value) => sum + value, 0) / values.length : 0;
}

/** The factors' values from the books (null where the books cannot say). */
export function creditFactorValues(raw: TCreditInputIn): Record<CreditFactorKey, number | null> {
  const input = ZCreditInputSchema.parse(raw);
  const unit = 10 ** minorDigits(input.currency as CurrencyCode);
  const months = input.months.slice(-12);
  const income = months.map((month) => Number(month.incomeMinor) / unit);
  const expense = months.map((month) => Number(month.expenseMinor) / unit);
  const last6Income = income.slice(-6);
  const last6Expense = expense.slice(-6);
  const incomeSum6 = last6Income.reduce((sum, value) => sum + value, 0);
  const expenseSum6 = last6Expense.reduce((sum, value) => sum + value, 0);
  const average = mean(income);
  const spread =
    income.length >= 3 && average > 0
      ? Math.sqrt(income.reduce((sum, value) => sum + (value - average) ** 2, 0) / (income.length - 1)) /
        average
      : null;
  const recent = income.slice(-3).reduce((sum, value) => sum + value, 0);
  const before = income.slice(-6, -3).reduce((sum, value) => sum + value, 0);
  const dailyExpense = expense.slice(-3).reduce((sum, value) => sum + value, 0) / 91;
  const cash = Number(input.cashBalanceMinor) / unit;
  const receivables = Number(input.receivablesMinor);
  const creditSales = Number(input.creditSales90Minor);
  return {
    revenue_level: months.length > 0 ? mean(last6Income) : null,
    revenue_stability: spread,
    growth: income.length >= 6 && before > 0 ? recent / before - 1 : null,
    profit_margin: months.length > 0 ? (incomeSum6 > 0 ? (incomeSum6 - expenseSum6) / incomeSum6 : -1) : null,
    cash_buffer: dailyExpense > 0 ? Math.max(0, cash) / dailyExpense : cash > 0 ? 365 : null,
    days_sales_outstanding: creditSales > 0 ? (receivables / creditSales) * 90 : receivables > 0 ? 365 : null,
    receivables_ageing:
      receivables > 0 ? Number(input.receivablesOver60Minor) / receivables : creditSales > 0 ? 0 : null,
    customer_concentration: input.topCustomerShare,
    supplier_punctuality: input.supplierPunctuality,
    inflow_regularity: input.inflowDayShare,
    reversals: input.inflowCount > 0 ? input.reversedCount / input.inflowCount : null,
    data_quality: input.categorisedShare * (input.openingBalanceSet ? 1 : 0.9),
  };
}

/**
 * The credit score (300–850) from the business's own books, with each factor's weight, value, healthy range
 * and a plain-language reason; the factors that cost the most points as reason codes with what would raise
 * them. Below three months of books: "not enough history yet" (no score). Pure: the day is `input.asOf`.
 */
export function computeCreditScore(raw: TCreditInputIn): CreditScoreResult {
  const input = ZCreditInputSchema.parse(raw);
  const values = creditFactorValues(input);
  const factors: CreditFactor[] = (Object.keys(CREDIT_FACTORS) as CreditFactorKey[]).map((key) => {
    const spec = CREDIT_FACTORS[key];
    const sw = swWordsOf(key);
    const value = values[key];
    const subscore = subscoreOf(key, value);
    const status =
      value === null ? "unknown" : subscore >= 0.7 ? "healthy" : subscore >= 0.4 ? "fair" : "weak";
    const displayValue =
      value === null
        ? null
        : spec.unit === "%"
          ? Math.round(value * 1000) / 10
          : Math.round(value * 100) / 100;
    return {
      key,
      code: spec.code,
      label: spec.label,
      weight: spec.weight,
      value: displayValue,
      unit: spec.unit,
      subscore: Math.round(subscore * 1000) / 1000,
      points: Math.round(SPAN * spec.weight * subscore * 10) / 10,
      maxPoints: Math.round(SPAN * spec.weight * 10) / 10,
      healthy: spec.healthy,
      status,
      reason:
        value === null
          ? "The books do not show this yet; it counts as middling."
          : status === "healthy"
            ? spec.fine(value)
            : spec.weak(value),
      suggestion: status === "healthy" ? null : spec.suggestion,
      sw: {
        healthy: sw.healthy,
        reason: value === null ? UNKNOWN_REASON_SW : status === "healthy" ? sw.fine(value) : sw.weak(value),
      },
    };
  });
  const reasons = factors
    .map((factor) => ({
      key: factor.key,
      code: factor.code,
      label: factor.label,
      reason: factor.reason,
      pointsLost: Math.round((factor.maxPoints - factor.points) * 10) / 10,
      suggestion: factor.suggestion,
      reasonSw: factor.sw?.reason ?? factor.reason,
    }))
    .filter((reason) => reason.pointsLost >= 5 && reason.suggestion !== null)
    .sort((a, b) => b.pointsLost - a.pointsLost)
    .slice(0, 4);
  if (input.activeMonths < MIN_ACTIVE_MONTHS) {
    return {
      modelVersion: CREDIT_MODEL_VERSION,
      asOf: input.asOf,
      status: "insufficient_history",
      score: null,
      band: null,
      factors,
      reasons,
      message: `Not enough history yet: the score needs three months of books (this business has ${input.activeMonths}).`,
      messageSw: CREDIT_MESSAGE_SW.insufficientHistory(input.activeMonths),
    };
  }
  const score = scoreFromValues(values);
  const band = bandOf(score);
  const months = Math.min(input.months.length, 12);
  return {
    modelVersion: CREDIT_MODEL_VERSION,
    asOf: input.asOf,
    status: "scored",
    score,
    band,
    factors,
    reasons,
    message: `${score} (${band}) from ${months} months of books.`,
    messageSw: CREDIT_MESSAGE_SW.scored(score, band, months),
  };
}
