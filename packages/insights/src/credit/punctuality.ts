import { dayIndex } from "../forecast/calendar";
import { detectRecurringExpenses, groupKey } from "../forecast/recurring";
import type { TForecastExpense } from "../forecast/types";

/**
 * How punctually the business pays its regular suppliers: for each recurring expense the forecast finds
 * (rent, wages, a weekly supplier), the share of its gaps within a few days of its rhythm; all of them
 * pooled. Null when there is no regular payment to judge.
 */
export function supplierPunctuality(expenses: readonly TForecastExpense[], asOf: string): number | null {
  const recurring = detectRecurringExpenses(expenses, asOf);
  if (recurring.length === 0) return null;
  const byKey = new Map(
    recurring.map((expense) => [expense.key, { interval: expense.intervalDays, days: new Set<number>() }]),
  );
  for (const expense of expenses) {
    const named = groupKey(expense);
    const group = named ? byKey.get(named.key) : undefined;
    if (group && expense.day < asOf) group.days.add(dayIndex(expense.day));
  }
  let onTime = 0;
  let total = 0;
  for (const group of byKey.values()) {
    const days = [...group.days].sort((a, b) => a - b);
    const tolerance = group.interval >= 28 ? 4 : 1;
    for (let i = 1; i < days.length; i += 1) {
      const gap = (days[i] as number) - (days[i - 1] as number);
      total += 1;
      // Early is fine; late by more than the tolerance is not.
      if (gap <= group.interval + tolerance) onTime += 1;
    }
  }
  return total > 0 ? onTime / total : null;
}
