import { DEFAULT_TIMEZONE } from "../time";

/**
 * Calendar arithmetic on local dates ("YYYY-MM-DD", the business's own calendar) and the bridge between a
 * local date-time and the instant it names in a time zone. Reports bucket by the business's calendar, so a
 * sale at 00:30 in Nairobi belongs to that day even though it is still yesterday in UTC.
 */

export const LOCAL_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_DATE_TIME_PATTERN = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

export function isValidLocalDate(value: string): boolean {
  const match = LOCAL_DATE_PATTERN.exec(value);
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

function toUtcDate(localDate: string): Date {
  const match = LOCAL_DATE_PATTERN.exec(localDate);
  if (!match) throw new RangeError(`"${localDate}" is not a YYYY-MM-DD date`);
  return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
}

function fromUtcDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(localDate: string, days: number): string {
  const date = toUtcDate(localDate);
  date.setUTCDate(date.getUTCDate() + days);
  return fromUtcDate(date);
}

/** Adds months, clamping to the month's last day (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(localDate: string, months: number): string {
  const date = toUtcDate(localDate);
  const day = date.getUTCDate();
  date.setUTCDate(1);
  date.setUTCMonth(date.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
  date.setUTCDate(Math.min(day, lastDay));
  return fromUtcDate(date);
}

export function startOfMonth(localDate: string): string {
  return `${localDate.slice(0, 7)}-01`;
}

export function endOfMonth(localDate: string): string {
  return addDays(addMonths(startOfMonth(localDate), 1), -1);
}

/** Weeks start on Monday (ISO), as Kenyan businesses count them. */
export function startOfWeek(localDate: string): string {
  const weekday = toUtcDate(localDate).getUTCDay();
  return addDays(localDate, -((weekday + 6) % 7));
}

export type Granularity = "day" | "week" | "month";

export function startOfBucket(localDate: string, granularity: Granularity): string {
  if (granularity === "month") return startOfMonth(localDate);
  if (granularity === "week") return startOfWeek(localDate);
  return localDate;
}

export function nextBucket(bucketStart: string, granularity: Granularity): string {
  if (granularity === "month") return addMonths(bucketStart, 1);
  return addDays(bucketStart, granularity === "week" ? 7 : 1);
}

/** Every bucket start from the bucket holding `from` to the one holding `to` (inclusive). */
export function bucketsBetween(from: string, to: string, granularity: Granularity): string[] {
  const buckets: string[] = [];
  for (
    let bucket = startOfBucket(from, granularity);
    bucket <= to;
    bucket = nextBucket(bucket, granularity)
  ) {
    buckets.push(bucket);
    if (buckets.length > 5000) throw new RangeError("too many buckets");
  }
  return buckets;
}

/** Whole days from `from` to `to` (to − from). */
export function daysBetween(from: string, to: string): number {
  return Math.round((toUtcDate(to).getTime() - toUtcDate(from).getTime()) / 86_400_000);
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = partsFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    partsFormatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall-clock reading of an instant in a zone, as a UTC timestamp (so offsets can be subtracted). */
function wallClockMs(instantMs: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of partsFormatter(timeZone).formatToParts(new Date(instantMs))) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  return Date.UTC(
    parts.year ?? 1970,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
}

/** The local calendar date of an instant ("YYYY-MM-DD"). */
export function localDateOf(instant: Date, timeZone: string = DEFAULT_TIMEZONE): string {
  return new Date(wallClockMs(instant.getTime(), timeZone)).toISOString().slice(0, 10);
}

/** "2026-11-21T14:32:05" in the zone's local time → the instant. Local times in a DST gap move forward. */
export function zonedDateTimeToInstant(local: string, timeZone: string = DEFAULT_TIMEZONE): Date {
  const match = LOCAL_DATE_TIME_PATTERN.exec(local.trim());
  if (!match) throw new RangeError(`"${local}" is not a local date-time`);
  const [, y, mo, d, h = "0", mi = "0", s = "0"] = match;
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const firstOffset = wallClockMs(wall, timeZone) - wall;
  let instant = wall - firstOffset;
  const secondOffset = wallClockMs(instant, timeZone) - instant;
  if (secondOffset !== firstOffset) instant = wall - secondOffset;
  return new Date(instant);
}

/** The instant a local day starts in a zone. */
export function startOfLocalDay(localDate: string, timeZone: string = DEFAULT_TIMEZONE): Date {
  return zonedDateTimeToInstant(`${localDate}T00:00:00`, timeZone);
}
