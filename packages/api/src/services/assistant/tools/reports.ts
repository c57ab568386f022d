import {
  addDays,
  categoryDisplayName,
  daysBetween,
  divideRounded,
  endOfMonth,
  type Granularity,
  type Language,
  minorDigits,
} from "@kavi/domain";
import { MAX_SCORE, MIN_ACTIVE_MONTHS, MIN_SCORE } from "@kavi/insights";
import type { NamedAmount } from "@kavi/insights/assistant";
import { AppError } from "../../../errors";
import {
  balanceAtStartOf,
  incomeExpenseSeries,
  totalsByCategory,
  totalsByCounterparty,
  totalsForRanges,
} from "../../analytics";
import { listBudgets } from "../../budgets/budgets";
import { getCategory } from "../../categories";
import { readCreditScore } from "../../credit";
import { getCustomer } from "../../customers";
import { readForecast } from "../../forecast";
import { getSupplier } from "../../suppliers";
import { transactionTotals } from "../../transactions/queries";
import { defineTool } from "./tool";

/** The analytics screens' permission: staff need the Reports module. */
const READ_REPORTS = "reports.read";

function seriesGranularity(from: string, to: string): Granularity {
  const days = daysBetween(from, to);
  return days <= 31 ? "day" : days <= 120 ? "week" : "month";
}

export const periodSummary = defineTool({
  name: "period_summary",
  requirement: READ_REPORTS,
  async run({ db, business }, range) {
    const granularity = seriesGranularity(range.from, range.to);
    const [totals, series] = await Promise.all([
      totalsForRanges(db, business.id, { range }),
      daysBetween(range.from, range.to) <= 3_650
        ? incomeExpenseSeries(db, business.id, range, granularity)
        : Promise.resolve([]),
    ]);
    return {
      ...range,
      currency: business.baseCurrency,
      incomeMinor: totals.range.incomeMinor,
      expenseMinor: totals.range.expenseMinor,
      netMinor: totals.range.netMinor,
      series: series.map((point) => ({
        bucket: point.bucket,
        incomeMinor: point.incomeMinor,
        expenseMinor: point.expenseMinor,
      })),
      granularity,
    };
  },
});

const UNCATEGORISED: Record<Language, string> = { en: "Uncategorised", sw: "Bila kundi" };

/** A category as the question's language says it (built-in names worded; the user's own kept as written). */
function categoryWord(
  category: { categoryId: string | null; name: string; systemKey: string | null },
  language: Language,
): string {
  return category.categoryId ? categoryDisplayName(category, language) : UNCATEGORISED[language];
}

export const spendByCategory = defineTool({
  name: "spend_by_category",
  requirement: READ_REPORTS,
  async run({ db, business, language }, input) {
    const range = { from: input.from, to: input.to };
    const category = input.categoryId ? await getCategory(db, business.id, input.categoryId) : null;
    // Asked about one category, the answer is that category's own total (even Loan repayments); otherwise
    // the breakdown of what was earned and spent.
    const totals = await totalsByCategory(db, business.id, range, input.type, category ? "cash" : "earnings");
    const items = totals
      .filter((item) => !category || item.categoryId === category.id)
      .map((item) => ({
        id: item.categoryId,
        name: categoryWord(item, language),
        amountMinor: item.amountMinor,
        count: item.count,
        shareBps: item.shareBps,
      }));
    const categoryName = category ? categoryDisplayName(category, language) : null;
    return {
      ...range,
      currency: business.baseCurrency,
      type: input.type,
      category: category && categoryName ? { id: category.id, name: categoryName } : null,
      totalMinor: items.reduce((sum, item) => sum + item.amountMinor, 0n),
      items:
        category && categoryName && items.length === 0
          ? [{ id: category.id, name: categoryName, amountMinor: 0n, count: 0, shareBps: 0 }]
          : items,
    };
  },
});

async function counterpartyTotals(
  ctx: Parameters<typeof periodSummary.run>[0],
  input: { from: string; to: string; limit: number },
  kind: "customer" | "supplier",
  one: { id: string; name: string } | null,
) {
  const { db, business } = ctx;
  const range = { from: input.from, to: input.to };
  if (one) {
    const totals = await transactionTotals(db, business, {
      ...range,
      types: [kind === "customer" ? "income" : "expense"],
      statuses: ["completed"],
      ...(kind === "customer" ? { customerId: one.id } : { supplierId: one.id }),
    });
    const item: NamedAmount = {
      id: one.id,
      name: one.name,
      amountMinor: totals.totalMinor,
      count: totals.count,
    };
    return { ...range, currency: business.baseCurrency, totalMinor: totals.totalMinor, items: [item] };
  }
  const rows = await totalsByCounterparty(db, business, range, kind, input.limit);
  const items: NamedAmount[] = rows.map((row) => ({
    id: row.id,
    name: row.name,
    amountMinor: BigInt(row.amountMinor),
    count: Number(row.count),
  }));
  return {
    ...range,
    currency: business.baseCurrency,
    totalMinor: items.reduce((sum, item) => sum + item.amountMinor, 0n),
    items,
  };
}

export const incomeByCustomer = defineTool({
  name: "income_by_customer",
  requirement: READ_REPORTS,
  async run(ctx, input) {
    const customer = input.customerId ? await getCustomer(ctx.db, ctx.business.id, input.customerId) : null;
    const one = customer ? { id: customer.id, name: customer.name } : null;
    return { ...(await counterpartyTotals(ctx, input, "customer", one)), customer: one };
  },
});

export const spendBySupplier = defineTool({
  name: "spend_by_supplier",
  requirement: READ_REPORTS,
  async run(ctx, input) {
    const supplier = input.supplierId ? await getSupplier(ctx.db, ctx.business.id, input.supplierId) : null;
    const one = supplier ? { id: supplier.id, name: supplier.name } : null;
    return { ...(await counterpartyTotals(ctx, input, "supplier", one)), supplier: one };
  },
});

export const cashBalance = defineTool({
  name: "cash_balance",
  requirement: READ_REPORTS,
  async run({ db, business, today }) {
    return {
      asOf: today,
      currency: business.baseCurrency,
      balanceMinor: await balanceAtStartOf(db, business.id, addDays(today, 1)),
    };
  },
});

/** The cash-flow screen's rule: with under two weeks of books and no open invoice there is nothing to project. */
const FORECAST_MIN_HISTORY_DAYS = 14;

/**
 * The cash-flow forecast (the service the cash-flow screen reads) to a day: the expected balance then, its
 * likely range, and the lowest point on the way. Forecast figures are estimates: whole units, as on the screen.
 */
export const cashForecast = defineTool({
  name: "cash_forecast",
  requirement: READ_REPORTS,
  async run({ db, business, now, today, language }, input) {
    const view = await readForecast(db, business, now, language);
    if (view.inputsSummary.historyDays < FORECAST_MIN_HISTORY_DAYS && view.openInvoices.length === 0) {
      return {
        available: false as const,
        reason: "not_enough_history" as const,
        asOf: view.asOf,
        historyDays: view.inputsSummary.historyDays,
      };
    }
    const last = view.points.at(-1)?.day ?? view.asOf;
    const to = input.to ?? endOfMonth(today);
    if (to < view.asOf || to > last) {
      throw new AppError("BAD_REQUEST", `The forecast covers ${view.asOf} to ${last}; pick a day in it.`);
    }
    const unit = 10n ** BigInt(minorDigits(view.currency));
    const whole = (value: bigint) => divideRounded(value, unit) * unit;
    const points = view.points
      .filter((point) => point.day <= to)
      .map((point) => ({ ...point, balanceMinor: whole(point.balanceMinor) }));
    const end = points.at(-1);
    if (!end) throw new AppError("BAD_REQUEST", "The forecast has no days to show.");
    const lowest = points.reduce((low, point) => (point.balanceMinor < low.balanceMinor ? point : low), end);
    const threshold = view.thresholdMinor;
    const crossing = threshold === null ? undefined : points.find((point) => point.balanceMinor < threshold);
    return {
      available: true as const,
      asOf: view.asOf,
      to,
      currency: view.currency,
      startBalanceMinor: whole(view.startBalanceMinor),
      balanceMinor: end.balanceMinor,
      lowMinor: whole(end.lowMinor),
      highMinor: whole(end.highMinor),
      lowest: { day: lowest.day, balanceMinor: lowest.balanceMinor },
      thresholdMinor: threshold,
      belowThreshold: crossing ? { day: crossing.day, balanceMinor: crossing.balanceMinor } : null,
      points: points.map((point) => ({ day: point.day, balanceMinor: point.balanceMinor })),
    };
  },
});

/** The credit score (the service the credit screen reads): score, band, and its own reasons and suggestions. */
export const creditScore = defineTool({
  name: "credit_score",
  requirement: READ_REPORTS,
  async run({ db, business, now }) {
    const { current } = await readCreditScore(db, business, now);
    const keyOf = new Map(current.factors.map((factor) => [factor.code, factor.key]));
    return {
      asOf: current.asOf,
      status: current.status,
      score: current.score,
      band: current.band,
      minScore: MIN_SCORE,
      maxScore: MAX_SCORE,
      requiredMonths: MIN_ACTIVE_MONTHS,
      reasons: current.reasons.map((reason) => ({
        key: keyOf.get(reason.code) ?? reason.code,
        code: reason.code,
        label: reason.label,
        reason: reason.reason,
        pointsLost: reason.pointsLost,
        suggestion: reason.suggestion,
      })),
      strengths: current.factors
        .filter((factor) => factor.status === "healthy")
        .sort((a, b) => b.points - a.points)
        .slice(0, 3)
        .map((factor) => ({ key: factor.key, label: factor.label })),
    };
  },
});

export const budgetStatus = defineTool({
  name: "budget_status",
  requirement: "budgets.read",
  async run({ db, business, now, language }, input) {
    const result = await listBudgets(db, business, input.month, now);
    const items = result.items
      .filter((item) => !input.categoryId || item.categoryId === input.categoryId)
      .map((item) => ({
        id: item.id,
        categoryId: item.categoryId,
        categoryName: categoryDisplayName(
          { name: item.categoryName, systemKey: item.categorySystemKey },
          language,
        ),
        amountMinor: item.amountMinor,
        actualMinor: item.actualMinor,
        remainingMinor: item.remainingMinor,
        usedBps: item.progressBps,
        status: item.status,
      }));
    return { month: result.month, currency: business.baseCurrency, items };
  },
});
