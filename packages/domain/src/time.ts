export const DEFAULT_TIMEZONE = "Africa/Nairobi";
export const DEFAULT_LOCALE = "en-KE";

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

// Building an Intl.DateTimeFormat costs far more than using one: keep one per locale, zone and style.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(
  locale: string,
  options: Intl.DateTimeFormatOptions & { timeZone: string },
): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let cached = formatters.get(key);
  if (!cached) {
    cached = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, cached);
  }
  return cached;
}

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function dateInZone(instant: Date, timeZone: string = DEFAULT_TIMEZONE): string {
  const parts = formatter("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).formatToParts(instant);
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}`;
}

export function formatDateTime(
  instant: Date,
  timeZone: string = DEFAULT_TIMEZONE,
  locale = DEFAULT_LOCALE,
): string {
  return formatter(locale, { timeZone, dateStyle: "medium", timeStyle: "short" }).format(instant);
}

export function formatDate(
  instant: Date,
  timeZone: string = DEFAULT_TIMEZONE,
  locale = DEFAULT_LOCALE,
): string {
  return formatter(locale, { timeZone, dateStyle: "medium" }).format(instant);
}
