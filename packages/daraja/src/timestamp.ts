/**
 * Daraja speaks local Kenyan time: `YYYYMMDDHHmmss` in Africa/Nairobi, never UTC.
 * A UTC timestamp is three hours off and Daraja rejects the request or the password it protects.
 */

export const DARAJA_TIME_ZONE = "Africa/Nairobi";

const nairobiParts = new Intl.DateTimeFormat("en-GB", {
  timeZone: DARAJA_TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function readNairobiWallClockFromIntl(instant: Date): WallClock {
  const parts = nairobiParts.formatToParts(instant);
  const read = (type: Intl.DateTimeFormatPartTypes): number => {
    const part = parts.find((candidate) => candidate.type === type);
    if (!part) throw new RangeError(`Intl did not produce the ${type} of ${instant.toISOString()}`);
    return Number(part.value);
  };
  return {
    year: read("year"),
    month: read("month"),
    day: read("day"),
    hour: read("hour"),
    minute: read("minute"),
    second: read("second"),
  };
}

const QUARTER_HOUR_MS = 15 * 60_000;
const offsets = new Map<number, number>();

/**
 * Nairobi's offset from UTC, asked of Intl once per quarter hour of time (since 1970 zones change offset only on
 * quarter hours): Intl's formatToParts is slow, and a burst of callbacks reads a timestamp each, all in one hour.
 */
function nairobiOffsetMs(instantMs: number): number {
  const quarter = Math.floor(instantMs / QUARTER_HOUR_MS);
  let offset = offsets.get(quarter);
  if (offset === undefined) {
    const start = new Date(quarter * QUARTER_HOUR_MS);
    const clock = readNairobiWallClockFromIntl(start);
    offset =
      Date.UTC(clock.year, clock.month - 1, clock.day, clock.hour, clock.minute, clock.second) -
      start.getTime();
    if (offsets.size >= 4_096) offsets.clear();
    offsets.set(quarter, offset);
  }
  return offset;
}

function readNairobiWallClock(instant: Date): WallClock {
  // Before 1970 the zone's history has offsets in seconds (local mean time): ask Intl every time.
  if (instant.getTime() < 0) return readNairobiWallClockFromIntl(instant);
  const local = new Date(instant.getTime() + nairobiOffsetMs(instant.getTime()));
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
  };
}

const pad = (value: number, width = 2): string => String(value).padStart(width, "0");

/** The instant as Daraja's `YYYYMMDDHHmmss`, in Nairobi time. */
export function formatDarajaTimestamp(instant: Date): string {
  if (Number.isNaN(instant.getTime())) throw new RangeError("Cannot format an invalid date");
  const clock = readNairobiWallClock(instant);
  return `${pad(clock.year, 4)}${pad(clock.month)}${pad(clock.day)}${pad(clock.hour)}${pad(clock.minute)}${pad(clock.second)}`;
}

/** Converts a Nairobi wall-clock reading to the instant it names. */
function instantFromNairobiWallClock(clock: WallClock): Date {
  const asIfUtc = Date.UTC(clock.year, clock.month - 1, clock.day, clock.hour, clock.minute, clock.second);
  // Ask Intl for Nairobi's offset at that moment instead of hard-coding +03:00.
  const seen = readNairobiWallClock(new Date(asIfUtc));
  const seenAsUtc = Date.UTC(seen.year, seen.month - 1, seen.day, seen.hour, seen.minute, seen.second);
  const offsetMs = seenAsUtc - asIfUtc;
  const instant = new Date(asIfUtc - offsetMs);
  const check = readNairobiWallClock(instant);
  if (
    check.year !== clock.year ||
    check.month !== clock.month ||
    check.day !== clock.day ||
    check.hour !== clock.hour ||
    check.minute !== clock.minute ||
    check.second !== clock.second
  ) {
    throw new RangeError("Not a real Nairobi date and time");
  }
  return instant;
}

const TIMESTAMP_PATTERN = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/;

/** Parses `YYYYMMDDHHmmss` (string, or the number STK callbacks send) as Nairobi time. */
export function parseDarajaTimestamp(value: string | number): Date {
  const text = typeof value === "number" ? (Number.isSafeInteger(value) ? String(value) : "") : value.trim();
  const match = TIMESTAMP_PATTERN.exec(text);
  if (!match) throw new RangeError(`"${String(value)}" is not a YYYYMMDDHHmmss timestamp`);
  const [, year, month, day, hour, minute, second] = match.map(Number);
  return instantFromNairobiWallClock({
    year: year ?? 0,
    month: month ?? 0,
    day: day ?? 0,
    hour: hour ?? 0,
    minute: minute ?? 0,
    second: second ?? 0,
  });
}

const RESULT_DATE_TIME_PATTERN = /^(\d{2})\.(\d{2})\.(\d{4}) (\d{2}):(\d{2}):(\d{2})$/;

/** Parses the `DD.MM.YYYY HH:mm:ss` Nairobi time of B2C results (TransactionCompletedDateTime). */
export function parseDarajaResultDateTime(value: string): Date {
  const match = RESULT_DATE_TIME_PATTERN.exec(value.trim());
  if (!match) throw new RangeError(`"${value}" is not a DD.MM.YYYY HH:mm:ss date`);
  const [, day, month, year, hour, minute, second] = match.map(Number);
  return instantFromNairobiWallClock({
    year: year ?? 0,
    month: month ?? 0,
    day: day ?? 0,
    hour: hour ?? 0,
    minute: minute ?? 0,
    second: second ?? 0,
  });
}

/** Formats an instant as the `DD.MM.YYYY HH:mm:ss` Nairobi time that B2C results carry. */
export function formatDarajaResultDateTime(instant: Date): string {
  const clock = readNairobiWallClock(instant);
  return `${pad(clock.day)}.${pad(clock.month)}.${pad(clock.year, 4)} ${pad(clock.hour)}:${pad(clock.minute)}:${pad(clock.second)}`;
}
