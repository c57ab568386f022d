import { dateOfIndex, dayIndex } from "./calendar";
import { buildForecast } from "./forecast";
import { denseHistory } from "./history-model";
import type { TForecastDay, TForecastExpense } from "./types";

/**
 * Rolling-origin evaluation of the forecast on a known history: at each origin the model sees only the days
 * before it, forecasts, and is scored against what happened.
 *
 * - MASE (Hyndman & Koehler): the mean absolute error of the daily net cash flow over the first h days,
 *   divided by the in-sample mean absolute error of the one-week seasonal-naive forecast (each day equals the
 *   same weekday a week before) on the data the model saw. Also computed for the seasonal-naive forecast
 *   itself (repeat the last observed week): the model must beat it.
 * - Coverage: the share of days 1…h whose actual balance fell inside the forecast's 10–90 % band
 *   (target 80 %).
 */
export interface HorizonScore {
  horizon: number;
  origins: number;
  mase: number;
  naiveMase: number;
  coverage: number;
}

export interface EvaluationInput {
  history: readonly TForecastDay[];
  expenses: readonly TForecastExpense[];
  horizons?: readonly number[];
  /** Origins are taken every `stepDays` within the last `windowDays` that leave room for the horizon. */
  windowDays?: number;
  stepDays?: number;
}

export function evaluateForecast({
  history,
  expenses,
  horizons = [7, 30, 90],
  windowDays = 270,
  stepDays = 7,
}: EvaluationInput): HorizonScore[] {
  const lastIndex = Math.max(...history.map((day) => dayIndex(day.day)));
  const { first, inflow, outflow } = denseHistory(history, lastIndex + 1);
  const net = inflow.map((value, i) => value - (outflow[i] as number));
  const maxHorizon = Math.max(...horizons);
  const sums = new Map(horizons.map((h) => [h, { mase: 0, naive: 0, inside: 0, days: 0, origins: 0 }]));
  const end = lastIndex + 1;
  for (let origin = end - windowDays; origin <= end - Math.min(...horizons); origin += stepDays) {
    const originOffset = origin - first;
    if (originOffset < 120) continue;
    const today = dateOfIndex(origin);
    const seen = history.filter((day) => day.day < today);
    const reach = Math.min(maxHorizon, end - origin);
    let scale = 0;
    for (let i = 7; i < originOffset; i += 1) scale += Math.abs((net[i] as number) - (net[i - 7] as number));
    scale /= Math.max(1, originOffset - 7);
    if (scale <= 0) continue;
    const forecast = buildForecast({
      today,
      horizonDays: maxHorizon,
      currency: "KES",
      startBalanceMinor: 0n,
      history: seen,
      expenses: expenses.filter((expense) => expense.day < today),
      invoicePayments: [],
      openInvoices: [],
      paidInvoices: [],
      customers: [],
      recurringInvoices: [],
      budgets: [],
    });
    for (const h of horizons) {
      if (h > reach) continue;
      const score = sums.get(h);
      if (!score) continue;
      let modelError = 0;
      let naiveError = 0;
      let actualBalance = 0;
      let inside = 0;
      for (let k = 0; k < h; k += 1) {
        const actual = net[originOffset + k] as number;
        const point = forecast.points[k];
        if (!point) break;
        const predicted = Number(point.inflowMinor - point.outflowMinor);
        const naive = net[originOffset - 7 + (k % 7)] as number;
        modelError += Math.abs(actual - predicted);
        naiveError += Math.abs(actual - naive);
        actualBalance += actual;
        if (actualBalance >= Number(point.lowMinor) && actualBalance <= Number(point.highMinor)) inside += 1;
      }
      score.mase += modelError / h / scale;
      score.naive += naiveError / h / scale;
      score.inside += inside;
      score.days += h;
      score.origins += 1;
    }
  }
  return horizons.map((h) => {
    const score = sums.get(h) ?? { mase: 0, naive: 0, inside: 0, days: 0, origins: 0 };
    const n = Math.max(1, score.origins);
    return {
      horizon: h,
      origins: score.origins,
      mase: score.mase / n,
      naiveMase: score.naive / n,
      coverage: score.days > 0 ? score.inside / score.days : 0,
    };
  });
}
