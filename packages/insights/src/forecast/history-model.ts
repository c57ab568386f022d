import { quantile } from "simple-statistics";
import { dateOfIndex, dayIndex } from "./calendar";
import { type DailyPattern, fitDailyPattern, predictDaily } from "./pattern";
import { detectRecurringExpenses, groupKey, projectRecurringDays } from "./recurring";
import type { ForecastEvent, RecurringExpense, TForecastDay, TForecastExpense } from "./types";

/** How much history the models look at. */
export const HISTORY_DAYS = 400;

export interface HistoryProjection {
  /** Expected money in and out per forecast day (index 0 is `today`), in minor units (fractional). */
  inflow: number[];
  outflow: number[];
  events: ForecastEvent[];
  recurring: RecurringExpense[];
  inflowPattern: DailyPattern;
  outflowPattern: DailyPattern;
  historyDays: number;
}

export interface HistoryProjectionInput {
  today: string;
  horizonDays: number;
  history: readonly TForecastDay[];
  expenses: readonly TForecastExpense[];
  /** Money in per day that other parts of the model account for (invoice payments), left out of the pattern. */
  knownInflow?: ReadonlyMap<number, number>;
  /** Recurring-expense key → days to move each of its payments (what-if). */
  expenseShifts?: ReadonlyMap<string, number>;
}

/** Dense daily arrays for the history window ending the day before `today`, starting at its first data. */
export function denseHistory(history: readonly TForecastDay[], todayIndex: number) {
  let first = todayIndex;
  for (const day of history) first = Math.min(first, dayIndex(day.day));
  first = Math.max(first, todayIndex - HISTORY_DAYS);
  const length = todayIndex - first;
  const inflow = new Array<number>(length).fill(0);
  const outflow = new Array<number>(length).fill(0);
  for (const day of history) {
    const offset = dayIndex(day.day) - first;
    if (offset < 0 || offset >= length) continue;
    inflow[offset] = (inflow[offset] as number) + Number(day.inflowMinor);
    outflow[offset] = (outflow[offset] as number) + Number(day.outflowMinor);
  }
  return { first, inflow, outflow };
}

/**
 * The part of the forecast that comes from the books' history alone: recurring expenses found in it,
 * projected at their rhythm with their typical amount, and the everyday pattern of what is left (money in
 * less any known inflow such as invoice payments; money out less the recurring payments).
 */
export function projectFromHistory(input: HistoryProjectionInput): HistoryProjection {
  const todayIndex = dayIndex(input.today);
  const end = todayIndex + input.horizonDays;
  const { first, inflow, outflow } = denseHistory(input.history, todayIndex);
  const recurring = detectRecurringExpenses(input.expenses, input.today);
  const recurringKeys = new Set(recurring.map((expense) => expense.key));
  for (const expense of input.expenses) {
    const named = groupKey(expense);
    if (!named || !recurringKeys.has(named.key)) continue;
    const offset = dayIndex(expense.day) - first;
    if (offset < 0 || offset >= outflow.length) continue;
    outflow[offset] = Math.max(0, (outflow[offset] as number) - Number(expense.amountMinor));
  }
  if (input.knownInflow) {
    for (const [index, amount] of input.knownInflow) {
      const offset = index - first;
      if (offset < 0 || offset >= inflow.length) continue;
      inflow[offset] = Math.max(0, (inflow[offset] as number) - amount);
    }
  }
  const inflowPattern = fitDailyPattern(inflow, todayIndex);
  const outflowPattern = fitDailyPattern(outflow, todayIndex);
  const projectedIn = new Array<number>(input.horizonDays);
  const projectedOut = new Array<number>(input.horizonDays);
  for (let h = 0; h < input.horizonDays; h += 1) {
    projectedIn[h] = predictDaily(inflowPattern, todayIndex + h);
    projectedOut[h] = predictDaily(outflowPattern, todayIndex + h);
  }
  const events: ForecastEvent[] = [];
  for (const expense of recurring) {
    const shift = input.expenseShifts?.get(expense.key) ?? 0;
    for (const planned of projectRecurringDays(expense, todayIndex, end)) {
      const day = Math.max(todayIndex, planned + shift);
      if (day >= end) continue;
      projectedOut[day - todayIndex] =
        (projectedOut[day - todayIndex] as number) + Number(expense.typicalMinor);
      events.push({
        day: dateOfIndex(day),
        kind: "recurring_expense",
        amountMinor: -expense.typicalMinor,
        probability: 1,
        label: expense.label,
        refId: expense.key,
      });
    }
  }
  return {
    inflow: projectedIn,
    outflow: projectedOut,
    events,
    recurring,
    inflowPattern,
    outflowPattern,
    historyDays: inflow.length,
  };
}

export interface ErrorBand {
  /** Offsets from the expected balance at each forecast day (index 0 is the end of today). */
  low: number[];
  high: number[];
  /** "backtest" (quantiles of the model's own errors) or "scaled" (too little history: spread × √days). */
  method: "backtest" | "scaled";
  origins: number;
}

const MIN_TRAINING_DAYS = 84;
const MIN_ORIGINS = 12;
const BAND_LOW = 0.1;
const BAND_HIGH = 0.9;
/**
 * In-sample quantiles of overlapping backtest errors under-cover out of sample (the errors drift as a
 * business changes, and neighbouring origins share days); this widening was measured on the synthetic
 * businesses and checked on the demo business, which did not take part (bench/README.md).
 */
export const BAND_WIDENING = 1.15;

/**
 * The 10–90 % band from the model's own errors: the history-only model is refitted at many past days
 * ("origins", every other day once twelve weeks of data exist), its forecast compared with what then
 * happened, and the cumulative error of the balance at each horizon collected. The band at h days is the
 * 10th and 90th percentiles of those errors, kept widening with the horizon; where too few origins reach a
 * horizon, the widest measured band is extended by √(days).
 */
export function backtestBand(
  input: Omit<HistoryProjectionInput, "knownInflow" | "expenseShifts">,
): ErrorBand {
  const todayIndex = dayIndex(input.today);
  const { first, inflow, outflow } = denseHistory(input.history, todayIndex);
  const length = inflow.length;
  const errors: number[][] = Array.from({ length: input.horizonDays }, () => []);
  for (let origin = first + MIN_TRAINING_DAYS; origin < todayIndex - 6; origin += 2) {
    const reach = Math.min(input.horizonDays, todayIndex - origin);
    const originDate = dateOfIndex(origin);
    const projection = projectFromHistory({
      today: originDate,
      horizonDays: reach,
      history: input.history.filter((day) => day.day < originDate),
      expenses: input.expenses.filter((expense) => expense.day < originDate),
    });
    let cumulative = 0;
    for (let h = 0; h < reach; h += 1) {
      const offset = origin - first + h;
      if (offset >= length) break;
      const actual = (inflow[offset] as number) - (outflow[offset] as number);
      cumulative += actual - ((projection.inflow[h] as number) - (projection.outflow[h] as number));
      (errors[h] as number[]).push(cumulative);
    }
  }
  const origins = errors[0]?.length ?? 0;
  if (origins < MIN_ORIGINS) return scaledBand(inflow, outflow, input.horizonDays);
  const low: number[] = [];
  const high: number[] = [];
  let lastReliable = 0;
  for (let h = 0; h < input.horizonDays; h += 1) {
    const sample = errors[h] as number[];
    if (sample.length >= MIN_ORIGINS) {
      low.push(Math.min(quantile(sample, BAND_LOW) * BAND_WIDENING, h > 0 ? (low[h - 1] as number) : 0, 0));
      high.push(
        Math.max(quantile(sample, BAND_HIGH) * BAND_WIDENING, h > 0 ? (high[h - 1] as number) : 0, 0),
      );
      lastReliable = h;
    } else {
      const growth = Math.sqrt((h + 1) / (lastReliable + 1));
      low.push(Math.min((low[lastReliable] as number) * growth, low[h - 1] as number));
      high.push(Math.max((high[lastReliable] as number) * growth, high[h - 1] as number));
    }
  }
  return { low, high, method: "backtest", origins };
}

/** Too little history to backtest: the daily net's spread, growing with √days (a random walk), 1.28 σ. */
function scaledBand(inflow: number[], outflow: number[], horizonDays: number): ErrorBand {
  const net = inflow.map((value, i) => value - (outflow[i] as number));
  const mean = net.length > 0 ? net.reduce((sum, value) => sum + value, 0) / net.length : 0;
  const variance =
    net.length > 1 ? net.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (net.length - 1) : 0;
  // Short histories understate the spread: widen by half.
  const sigma = Math.sqrt(variance) * 1.5;
  const low: number[] = [];
  const high: number[] = [];
  for (let h = 0; h < horizonDays; h += 1) {
    const width = 1.2816 * sigma * Math.sqrt(h + 1);
    low.push(-width);
    high.push(width);
  }
  return { low, high, method: "scaled", origins: 0 };
}
