import { PAYMENT_METHODS, ZIdSchema, ZLocalDateSchema } from "@kavi/domain";
import { z } from "zod";

/**
 * The tools' contract: names, input schemas (zod, so every brain's calls are checked the same way, and
 * Gemini's function declarations can be generated from them) and the shapes of their results. The API's tool
 * registry implements them over the services; the brains only ever see these.
 */

const ZRangeSchema = z.object({
  from: ZLocalDateSchema.describe("First day, YYYY-MM-DD, on the business's calendar"),
  to: ZLocalDateSchema.describe("Last day, YYYY-MM-DD, inclusive"),
});
const optionalId = ZIdSchema.nullish();

export const TOOL_INPUT_SCHEMAS = {
  period_summary: ZRangeSchema.describe("Income, expenses and profit (net) over a period"),
  spend_by_category: ZRangeSchema.extend({
    type: z.enum(["income", "expense"]).default("expense"),
    categoryId: optionalId.describe("One category; omit for every category"),
  }).describe("Spending (or income) per category over a period"),
  income_by_customer: ZRangeSchema.extend({
    customerId: optionalId.describe("One customer; omit for the top customers"),
    limit: z.number().int().min(1).max(20).default(5),
  }).describe("Money received from customers over a period"),
  spend_by_supplier: ZRangeSchema.extend({
    supplierId: optionalId.describe("One supplier; omit for the top suppliers"),
    limit: z.number().int().min(1).max(20).default(5),
  }).describe("Money paid to suppliers over a period"),
  top_debtors: z
    .object({
      customerId: optionalId.describe("One customer's debt; omit for the customers who owe most"),
      limit: z.number().int().min(1).max(20).default(5),
    })
    .describe("Customers who owe the most on open invoices"),
  invoice_lookup: z
    .object({ invoiceNumber: z.string().trim().min(1).max(40) })
    .describe("One invoice by its number, e.g. INV-2026-0012"),
  overdue_invoices: z
    .object({ limit: z.number().int().min(1).max(50).default(10) })
    .describe("Invoices past their due date and not fully paid"),
  budget_status: z
    .object({
      month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: "A month is YYYY-MM" }),
      categoryId: optionalId.describe("One category's budget; omit for all"),
    })
    .describe("Budgets for a month against what was actually spent"),
  cash_balance: z.object({}).describe("The cash balance today"),
  cash_forecast: z
    .object({
      to: ZLocalDateSchema.nullish().describe(
        "The day to project to, YYYY-MM-DD, within the next 90 days; omit for the end of this month",
      ),
    })
    .describe(
      "Projected cash balance at a future day (default: the end of this month), its likely range, and the lowest point before it with its date",
    ),
  credit_score: z
    .object({})
    .describe(
      "The business's credit score (300-850) and band, the factors that cost it the most points and what would raise each",
    ),
  mpesa_payments: ZRangeSchema.extend({
    customerId: optionalId.describe("Only payments from this customer"),
  }).describe("M-Pesa payments received over a period"),
  transaction_search: ZRangeSchema.partial()
    .extend({
      type: z.enum(["income", "expense"]).nullish(),
      categoryId: optionalId,
      customerId: optionalId,
      supplierId: optionalId,
      paymentMethod: z.enum(PAYMENT_METHODS).nullish(),
      search: z.string().trim().max(200).nullish(),
      minAmount: z
        .string()
        .regex(/^\d{1,12}(\.\d{1,2})?$/, { error: "An amount like 5000 or 2500.50" })
        .nullish()
        .describe("At least this much, in the base currency's major units"),
      limit: z.number().int().min(1).max(20).default(10),
    })
    .describe("Transactions matching filters: their count, total and the latest few"),
} as const;

export type ToolName = keyof typeof TOOL_INPUT_SCHEMAS;
export const TOOL_NAMES = Object.keys(TOOL_INPUT_SCHEMAS) as ToolName[];
export type ToolInput<N extends ToolName> = z.output<(typeof TOOL_INPUT_SCHEMAS)[N]>;

export interface NamedAmount {
  id: string | null;
  name: string;
  amountMinor: bigint;
  count: number;
}

export interface TransactionBrief {
  id: string;
  date: string;
  description: string | null;
  type: string;
  amountMinor: bigint;
  categoryName: string | null;
  counterparty: string | null;
  paymentMethod: string;
}

export interface InvoiceBrief {
  id: string;
  invoiceNumber: string;
  customerName: string;
  status: string;
  issueDate: string | null;
  dueDate: string;
  currency: string;
  totalMinor: bigint;
  balanceDueMinor: bigint;
  daysOverdue: number;
}

/**
 * The cash-flow forecast to a day. Forecast figures are estimates, so amounts are whole units of the currency
 * (as the cash-flow screen shows them). Without enough books to project from, no figure at all.
 */
export type CashForecastOutput =
  | {
      available: true;
      asOf: string;
      to: string;
      currency: string;
      /** Today's balance, where the projection starts. */
      startBalanceMinor: bigint;
      /** Expected balance at the end of `to`, and its likely range (10th to 90th percentile). */
      balanceMinor: bigint;
      lowMinor: bigint;
      highMinor: bigint;
      /** The lowest expected balance from today to `to`, and its day. */
      lowest: { day: string; balanceMinor: bigint };
      /** The owner's low-cash alert level, and the first day before `to` the balance is expected below it. */
      thresholdMinor: bigint | null;
      belowThreshold: { day: string; balanceMinor: bigint } | null;
      /** The expected balance each day from today to `to`. */
      points: { day: string; balanceMinor: bigint }[];
    }
  | { available: false; reason: "not_enough_history"; asOf: string; historyDays: number };

/** The credit score from the credit service: its own factors, reasons and suggestions. */
export interface CreditScoreOutput {
  asOf: string;
  status: "scored" | "insufficient_history";
  score: number | null;
  band: string | null;
  minScore: number;
  maxScore: number;
  /** Months of books the score needs (below them: no score). */
  requiredMonths: number;
  /** The factors that cost the most points, largest first, with what would raise each. */
  reasons: {
    key: string;
    code: string;
    label: string;
    reason: string;
    pointsLost: number;
    suggestion: string | null;
  }[];
  /** The factors in good shape. */
  strengths: { key: string; label: string }[];
}

export interface ToolOutputs {
  period_summary: {
    from: string;
    to: string;
    currency: string;
    incomeMinor: bigint;
    expenseMinor: bigint;
    netMinor: bigint;
    series: { bucket: string; incomeMinor: bigint; expenseMinor: bigint }[];
    granularity: "day" | "week" | "month";
  };
  spend_by_category: {
    from: string;
    to: string;
    currency: string;
    type: "income" | "expense";
    category: { id: string; name: string } | null;
    totalMinor: bigint;
    items: (NamedAmount & { shareBps: number })[];
  };
  income_by_customer: {
    from: string;
    to: string;
    currency: string;
    customer: { id: string; name: string } | null;
    totalMinor: bigint;
    items: NamedAmount[];
  };
  spend_by_supplier: {
    from: string;
    to: string;
    currency: string;
    supplier: { id: string; name: string } | null;
    totalMinor: bigint;
    items: NamedAmount[];
  };
  top_debtors: {
    currency: string;
    customer: { id: string; name: string } | null;
    totalMinor: bigint;
    items: (NamedAmount & { openInvoices: number })[];
  };
  invoice_lookup: { invoice: InvoiceBrief | null; invoiceNumber: string };
  overdue_invoices: {
    currency: string;
    count: number;
    totalMinor: bigint;
    today: string;
    items: InvoiceBrief[];
  };
  budget_status: {
    month: string;
    currency: string;
    items: {
      id: string;
      categoryId: string;
      categoryName: string;
      amountMinor: bigint;
      actualMinor: bigint;
      remainingMinor: bigint;
      usedBps: number;
      status: "on_track" | "warning" | "over";
    }[];
  };
  cash_balance: { asOf: string; currency: string; balanceMinor: bigint };
  cash_forecast: CashForecastOutput;
  credit_score: CreditScoreOutput;
  mpesa_payments: {
    from: string;
    to: string;
    currency: string;
    customer: { id: string; name: string } | null;
    count: number;
    totalMinor: bigint;
    items: TransactionBrief[];
  };
  transaction_search: {
    from: string | null;
    to: string | null;
    currency: string;
    count: number;
    totalMinor: bigint;
    items: TransactionBrief[];
  };
}

/** A tool's answer: its data, or why the caller may not have it (no module, no role), in plain words. */
export type ToolResult<N extends ToolName = ToolName> =
  | { ok: true; output: ToolOutputs[N] }
  | { ok: false; error: "forbidden" | "not_found" | "invalid" | "failed"; message: string };

/** One call the brain made in a turn: what it asked, and what it got back. */
export interface ToolCall<N extends ToolName = ToolName> {
  name: N;
  input: ToolInput<N>;
  result: ToolResult<N>;
}
