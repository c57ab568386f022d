/**
 * Local dates as whole-day indices (days since 1970-01-01), so the models loop over integers instead of
 * parsing dates. A local date ("2026-12-18") names a day on the business's calendar; no time zone is involved
 * once the services have turned instants into local dates.
 */
const DAY_MS = 86_400_000;

export function dayIndex(localDate: string): number {
  const year = Number(localDate.slice(0, 4));
  const month = Number(localDate.slice(5, 7));
  const day = Number(localDate.slice(8, 10));
  return Math.round(Date.UTC(year, month - 1, day) / DAY_MS);
}

export function dateOfIndex(index: number): string {
  return new Date(index * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday (as Date#getUTCDay). 1970-01-01 was a Thursday. */
export function weekdayOf(index: number): number {
  return (((index + 4) % 7) + 7) % 7;
}

/** Day of the month, 1–31. */
export function dayOfMonthOf(index: number): number {
  return new Date(index * DAY_MS).getUTCDate();
}

export function daysInMonthOf(index: number): number {
  const date = new Date(index * DAY_MS);
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
}

/**
 * The part of the month a day falls in: six buckets, the last always the final six days whatever the month's
 * length, because month-end (salaries, rent, payday spending) is what moves small-business cash.
 */
export const MONTH_PARTS = 6;
export function monthPartOf(index: number): number {
  const day = dayOfMonthOf(index);
  const length = daysInMonthOf(index);
  if (day > length - 6) return 5;
  return Math.min(4, Math.floor((day - 1) / 5));
}
