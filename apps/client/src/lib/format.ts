import { DEFAULT_LOCALE, DEFAULT_TIMEZONE, formatDate, formatDateTime } from "@kavi/domain";

/** "3 minutes ago", "yesterday", then a date: for lists where recency matters more than the exact time. */
export function formatRelative(
  instant: Date,
  timeZone: string = DEFAULT_TIMEZONE,
  now = new Date(),
  locale: string = DEFAULT_LOCALE,
): string {
  const seconds = Math.round((now.getTime() - instant.getTime()) / 1000);
  const formatter = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
  // Intl says "now" in English, which reads oddly in a list; other languages' word for it reads fine ("sasa hivi").
  if (Math.abs(seconds) < 45) return locale === DEFAULT_LOCALE ? "just now" : formatter.format(0, "second");
  const minutes = Math.round(seconds / 60);
  if (Math.abs(minutes) < 60) return formatter.format(-minutes, "minute");
  const hours = Math.round(minutes / 60);
  if (Math.abs(hours) < 24) return formatter.format(-hours, "hour");
  const days = Math.round(hours / 24);
  if (Math.abs(days) < 7) return formatter.format(-days, "day");
  return formatDate(instant, timeZone, locale);
}

export { formatDate, formatDateTime };

/** The hour of the day in a time zone, for greetings. */
export function hourIn(timeZone: string, instant = new Date()): number {
  const hour = new Intl.DateTimeFormat("en-GB", { timeZone, hour: "numeric", hourCycle: "h23" }).format(
    instant,
  );
  return Number(hour);
}

/** Which greeting fits the hour where the business is (the words are in the home catalogue). */
export function partOfDay(timeZone: string, instant = new Date()): "morning" | "afternoon" | "evening" {
  const hour = hourIn(timeZone, instant);
  if (hour < 12) return "morning";
  if (hour < 17) return "afternoon";
  return "evening";
}

/**
 * The instant a calendar date (YYYY-MM-DD) starts in a time zone: activity filters pick days as the
 * business sees them, not as the browser's clock does.
 */
export function startOfDayInZone(date: string, timeZone: string): Date {
  const [year, month, day] = date.split("-").map(Number);
  const utcGuess = Date.UTC(year ?? 1970, (month ?? 1) - 1, day ?? 1);
  const offset = zoneOffsetMs(new Date(utcGuess), timeZone);
  const first = new Date(utcGuess - offset);
  // Daylight-saving edges: the offset at the real instant may differ from the one at the guess.
  const corrected = zoneOffsetMs(first, timeZone);
  return corrected === offset ? first : new Date(utcGuess - corrected);
}

function zoneOffsetMs(instant: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  const asUtc = Date.UTC(
    get("year"),
    get("month") - 1,
    get("day"),
    get("hour"),
    get("minute"),
    get("second"),
  );
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split("-").map(Number);
  const next = new Date(Date.UTC(year ?? 1970, (month ?? 1) - 1, (day ?? 1) + days));
  return next.toISOString().slice(0, 10);
}
