import { quantileSorted } from "simple-statistics";
import { MONTH_PARTS, monthPartOf, weekdayOf } from "./calendar";

/**
 * The everyday pattern of one daily flow (walk-in sales, irregular spending): a level times a weekday factor
 * times a part-of-month factor,
 *
 *   expected(d) = level × weekday[d] × monthPart[d]
 *
 * - weekday factors from the last 12 weeks (busy Fridays, closed Sundays);
 * - part-of-month factors from the last year, on weekday-adjusted values (month-end paydays);
 * - the level is an exponentially weighted mean of the seasonally adjusted values (half-life four weeks), so a
 *   lasting change (a new branch, a lost customer) moves it within weeks while one odd day barely does;
 * - single huge days are capped at the 99th percentile before fitting, so a one-off purchase does not
 *   become everyday spending.
 * Each factor is shrunk towards 1 in proportion to how little data supports it.
 */
export interface DailyPattern {
  level: number;
  weekday: number[];
  monthPart: number[];
  /** Cap applied to single days before fitting. */
  cap: number;
}

const WEEKDAY_WINDOW = 84;
const MONTH_WINDOW = 365;
const LEVEL_WINDOW = 120;
const LEVEL_HALF_LIFE = 28;

function shrink(factor: number, support: number, prior: number): number {
  return (factor * support + prior) / (support + prior);
}

/** Fits the pattern to `values` (one per day, oldest first), the last of which is the day before `endIndex`. */
export function fitDailyPattern(values: readonly number[], endIndex: number): DailyPattern {
  const n = values.length;
  const startIndex = endIndex - n;
  if (n === 0) return { level: 0, weekday: Array(7).fill(1), monthPart: Array(MONTH_PARTS).fill(1), cap: 0 };
  const recent = values.slice(Math.max(0, n - MONTH_WINDOW));
  const sorted = [...recent].sort((a, b) => a - b);
  const cap = Math.max(quantileSorted(sorted, 0.99), 0);
  const capped = values.map((value) => Math.min(value, cap));

  const weekdaySum = Array(7).fill(0);
  const weekdayCount = Array(7).fill(0);
  let windowSum = 0;
  let windowCount = 0;
  for (let i = Math.max(0, n - WEEKDAY_WINDOW); i < n; i += 1) {
    const weekday = weekdayOf(startIndex + i);
    weekdaySum[weekday] += capped[i] as number;
    weekdayCount[weekday] += 1;
    windowSum += capped[i] as number;
    windowCount += 1;
  }
  const windowMean = windowCount > 0 ? windowSum / windowCount : 0;
  const weekday = weekdaySum.map((sum: number, d) => {
    const count = weekdayCount[d] as number;
    if (count === 0 || windowMean <= 0) return 1;
    return shrink(sum / count / windowMean, count, 2);
  });

  // Ratio estimators (sum of values over sum of expected factors), so a closed day's near-zero factor never
  // divides anything.
  const partSum = Array(MONTH_PARTS).fill(0);
  const partExpected = Array(MONTH_PARTS).fill(0);
  const partCount = Array(MONTH_PARTS).fill(0);
  let valueSum = 0;
  let expectedSum = 0;
  for (let i = Math.max(0, n - MONTH_WINDOW); i < n; i += 1) {
    const index = startIndex + i;
    const part = monthPartOf(index);
    const factor = weekday[weekdayOf(index)] as number;
    partSum[part] += capped[i] as number;
    partExpected[part] += factor;
    partCount[part] += 1;
    valueSum += capped[i] as number;
    expectedSum += factor;
  }
  const overall = expectedSum > 0 ? valueSum / expectedSum : 0;
  // Fewer than two months of history cannot tell a month-end from a one-off week.
  const months = Math.min(n, MONTH_WINDOW) / 30;
  const monthPart = partSum.map((sum: number, p) => {
    const expected = partExpected[p] as number;
    if (expected <= 0 || overall <= 0 || months < 2) return 1;
    return shrink(sum / expected / overall, partCount[p] as number, 15);
  });

  let weighted = 0;
  let weights = 0;
  const decay = 0.5 ** (1 / LEVEL_HALF_LIFE);
  let weight = 1;
  for (let i = n - 1; i >= Math.max(0, n - LEVEL_WINDOW); i -= 1) {
    const index = startIndex + i;
    const factor = (weekday[weekdayOf(index)] as number) * (monthPart[monthPartOf(index)] as number);
    weighted += weight * (capped[i] as number);
    weights += weight * factor;
    weight *= decay;
  }
  return { level: weights > 0 ? weighted / weights : 0, weekday, monthPart, cap };
}

export function predictDaily(pattern: DailyPattern, index: number): number {
  return (
    pattern.level *
    (pattern.weekday[weekdayOf(index)] as number) *
    (pattern.monthPart[monthPartOf(index)] as number)
  );
}
