import { median } from "simple-statistics";
import { dateOfIndex, dayIndex, dayOfMonthOf, daysInMonthOf } from "./calendar";
import type { RecurringExpense, TForecastExpense } from "./types";

/** Regular intervals the detector looks for, with how far one payment may drift from the rhythm. */
const RHYTHMS = [
  { intervalDays: 7, tolerance: 1 },
  { intervalDays: 14, tolerance: 2 },
  { intervalDays: 30, tolerance: 4, monthly: true },
  { intervalDays: 91, tolerance: 8 },
] as const;

/** Payments needed before a rhythm counts: three months of rent, four weeks of a weekly supplier. */
const MIN_OCCURRENCES = 3;
/** Share of the gaps that must fit the rhythm. */
const MIN_REGULAR_SHARE = 0.7;
/** Only the recent past says what is still recurring. */
const LOOKBACK_DAYS = 400;

/** The group an expense belongs to for recurring detection: its supplier, or without one its category. */
export function groupKey(expense: TForecastExpense): { key: string; label: string } | null {
  if (expense.supplierId)
    return { key: `supplier:${expense.supplierId}`, label: expense.supplierName ?? "Supplier" };
  if (expense.categoryId)
    return { key: `category:${expense.categoryId}`, label: expense.categoryName ?? "Category" };
  return null;
}

/**
 * Finds the expenses that come back at a regular interval — the same supplier (or, without one, the same
 * category) paid weekly, fortnightly, monthly or quarterly — with the typical amount (the median of the last
 * six payments). Payments on the same day are one payment. A rhythm must have at least three payments, most
 * gaps within tolerance of it, and its last payment recent enough that it has not stopped.
 */
export function detectRecurringExpenses(
  expenses: readonly TForecastExpense[],
  today: string,
): RecurringExpense[] {
  const todayIndex = dayIndex(today);
  const groups = new Map<
    string,
    { label: string; supplierId: string | null; categoryId: string | null; byDay: Map<number, number> }
  >();
  for (const expense of expenses) {
    const index = dayIndex(expense.day);
    if (index >= todayIndex || index < todayIndex - LOOKBACK_DAYS) continue;
    const named = groupKey(expense);
    if (!named) continue;
    let group = groups.get(named.key);
    if (!group) {
      group = {
        label: named.label,
        supplierId: expense.supplierId,
        categoryId: expense.supplierId ? null : expense.categoryId,
        byDay: new Map(),
      };
      groups.set(named.key, group);
    }
    group.byDay.set(index, (group.byDay.get(index) ?? 0) + Number(expense.amountMinor));
  }
  const found: RecurringExpense[] = [];
  for (const [key, group] of groups) {
    const days = [...group.byDay.keys()].sort((a, b) => a - b);
    if (days.length < MIN_OCCURRENCES) continue;
    const gaps = days.slice(1).map((day, i) => day - (days[i] as number));
    const typicalGap = median(gaps);
    const rhythm = RHYTHMS.find(
      (candidate) => Math.abs(typicalGap - candidate.intervalDays) <= candidate.tolerance,
    );
    if (!rhythm) continue;
    const regular = gaps.filter((gap) => Math.abs(gap - rhythm.intervalDays) <= rhythm.tolerance).length;
    if (regular / gaps.length < MIN_REGULAR_SHARE) continue;
    const last = days[days.length - 1] as number;
    if (todayIndex - last > rhythm.intervalDays * 1.5 + rhythm.tolerance) continue;
    const recentAmounts = days.slice(-6).map((day) => group.byDay.get(day) ?? 0);
    found.push({
      key,
      label: group.label,
      supplierId: group.supplierId,
      categoryId: group.categoryId,
      intervalDays: rhythm.intervalDays,
      typicalMinor: BigInt(Math.round(median(recentAmounts))),
      lastDay: dateOfIndex(last),
      occurrences: days.length,
    });
  }
  return found.sort((a, b) => (a.key < b.key ? -1 : 1));
}

/**
 * The days a recurring expense is expected in [fromIndex, toIndex): monthly ones on the same day of the month
 * as the last payment (clamped to the month's end), the others every interval after it. A payment that is
 * overdue by the rhythm falls on the first forecast day.
 */
export function projectRecurringDays(
  expense: RecurringExpense,
  fromIndex: number,
  toIndex: number,
): number[] {
  const last = dayIndex(expense.lastDay);
  const days: number[] = [];
  if (expense.intervalDays === 30) {
    const dayOfMonth = dayOfMonthOf(last);
    const anchor = new Date(last * 86_400_000);
    for (let step = 1; step < 12; step += 1) {
      const first = Date.UTC(anchor.getUTCFullYear(), anchor.getUTCMonth() + step, 1) / 86_400_000;
      const day = first + Math.min(dayOfMonth, daysInMonthOf(first)) - 1;
      if (day >= toIndex) break;
      days.push(Math.max(day, fromIndex));
    }
  } else {
    for (let day = last + expense.intervalDays; day < toIndex; day += expense.intervalDays)
      days.push(Math.max(day, fromIndex));
  }
  // Several overdue payments collapse onto the first day only once: a rhythm that slipped is one late payment.
  return [...new Set(days)].filter((day) => day >= fromIndex);
}
