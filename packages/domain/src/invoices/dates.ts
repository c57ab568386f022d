/**
 * Calendar dates as "YYYY-MM-DD" strings (what PostgreSQL's date type holds). Arithmetic runs in UTC on the
 * date alone, so no time zone or daylight-saving shift can move a due date.
 */
export type CalendarDate = string;

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isCalendarDate(value: string): boolean {
  const match = DATE_PATTERN.exec(value);
  if (!match) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

function toUtc(date: CalendarDate): Date {
  if (!isCalendarDate(date)) throw new RangeError(`"${date}" is not a calendar date`);
  return new Date(`${date}T00:00:00Z`);
}

function fromUtc(date: Date): CalendarDate {
  return date.toISOString().slice(0, 10);
}

export function addCalendarDays(date: CalendarDate, days: number): CalendarDate {
  const value = toUtc(date);
  value.setUTCDate(value.getUTCDate() + days);
  return fromUtc(value);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function calendarDaysBetween(from: CalendarDate, to: CalendarDate): number {
  return Math.round((toUtc(to).getTime() - toUtc(from).getTime()) / 86_400_000);
}

/** Adds months, keeping the day where the month has it and clamping to the month's end otherwise (Jan 31 → Feb 28). */
export function addCalendarMonths(date: CalendarDate, months: number): CalendarDate {
  const value = toUtc(date);
  const day = value.getUTCDate();
  const target = new Date(Date.UTC(value.getUTCFullYear(), value.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return fromUtc(target);
}

export function yearOf(date: CalendarDate): number {
  return toUtc(date).getUTCFullYear();
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
      return addCalendarDays(start, 7 * n);
    case "monthly":
      return addCalendarMonths(start, n);
    case "quarterly":
      return addCalendarMonths(start, 3 * n);
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
      ? Math.floor(calendarDaysBetween(start, after) / 7)
      : Math.floor(monthsBetween(start, after) / (frequency === "monthly" ? 1 : 3));
  let n = Math.max(0, approximate - 1);
  while (occurrence(start, frequency, n) <= after) n += 1;
  return occurrence(start, frequency, n);
}

function monthsBetween(from: CalendarDate, to: CalendarDate): number {
  const a = toUtc(from);
  const b = toUtc(to);
  return (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + (b.getUTCMonth() - a.getUTCMonth());
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
      const day = addCalendarDays(input.dueDate, offset);
      return day <= input.today && day > input.issuedOn;
    })
    .sort((a, b) => b - a);
  const latest = passed[0];
  if (latest === undefined) return null;
  return input.sentOffsets.some((sent) => sent >= latest) ? null : latest;
}
