/**
 * Calendar dates as "YYYY-MM-DD" strings (what PostgreSQL's date type holds). Arithmetic runs in UTC on the
 * date alone, so no time zone or daylight-saving shift can move a due date.
 */
import { addDays, addMonths, daysBetween, isValidLocalDate } from "../ledger/dates";

export type CalendarDate = string;

/** Invoices use the ledger's calendar arithmetic (one implementation for the whole money core). */
export function isCalendarDate(value: string): boolean {
  return isValidLocalDate(value);
}

export function yearOf(date: CalendarDate): number {
  if (!isValidLocalDate(date)) throw new RangeError(`"${date}" is not a calendar date`);
  return Number(date.slice(0, 4));
}

export const RECURRENCE_FREQUENCIES = ["weekly", "monthly", "quarterly"] as const;
export type RecurrenceFrequency = (typeof RECURRENCE_FREQUENCIES)[number];

export const RECURRENCE_LABELS: Record<RecurrenceFrequency, string> = {
  weekly: "Every week",
  monthly: "Every month",
  quarterly: "Every quarter",
};

/** The n-th occurrence of a schedule that starts on `start` (n = 0 is the start). Months never drift. */
export function occurrence(start: CalendarDate, frequency: RecurrenceFrequency, n: number): CalendarDate {
  switch (frequency) {
    case "weekly":
      return addDays(start, 7 * n);
    case "monthly":
      return addMonths(start, n);
    case "quarterly":
      return addMonths(start, 3 * n);
  }
}

/** The first occurrence strictly after `after` (the start itself when it is later). */
export function nextOccurrenceAfter(
  start: CalendarDate,
  frequency: RecurrenceFrequency,
  after: CalendarDate,
): CalendarDate {
  if (start > after) return start;
  const approximate =
    frequency === "weekly"
      ? Math.floor(daysBetween(start, after) / 7)
      : Math.floor(monthsBetween(start, after) / (frequency === "monthly" ? 1 : 3));
  let n = Math.max(0, approximate - 1);
  while (occurrence(start, frequency, n) <= after) n += 1;
  return occurrence(start, frequency, n);
}

function monthsBetween(from: CalendarDate, to: CalendarDate): number {
  const [fromYear, fromMonth] = from.split("-").map(Number) as [number, number];
  const [toYear, toMonth] = to.split("-").map(Number) as [number, number];
  return (toYear - fromYear) * 12 + (toMonth - fromMonth);
}

/**
 * Which reminder is due today, if any: the latest offset whose day has come, provided it falls after the
 * day the invoice was issued (no "due in 3 days" on the day it is sent) and neither it nor a later one was
 * sent. Missed days are caught up once with the latest reminder, never with a burst of old ones.
 */
export function dueReminderOffset(input: {
  dueDate: CalendarDate;
  issuedOn: CalendarDate;
  today: CalendarDate;
  offsets: readonly number[];
  sentOffsets: readonly number[];
}): number | null {
  const passed = input.offsets
    .filter((offset) => {
      const day = addDays(input.dueDate, offset);
      return day <= input.today && day > input.issuedOn;
    })
    .sort((a, b) => b - a);
  const latest = passed[0];
  if (latest === undefined) return null;
  return input.sentOffsets.some((sent) => sent >= latest) ? null : latest;
}
