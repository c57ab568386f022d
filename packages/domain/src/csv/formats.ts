import { InvalidInputError } from "../errors";
import { MoneyFormatError, parseMoney } from "../money";

/** Date layouts met in Kenyan bank, M-Pesa and accounting exports. Times (24-hour or am/pm) may follow. */
export const DATE_FORMATS = [
  "YYYY-MM-DD",
  "DD/MM/YYYY",
  "MM/DD/YYYY",
  "DD-MM-YYYY",
  "DD.MM.YYYY",
  "YYYY/MM/DD",
  "DD-MMM-YYYY",
  "DD MMM YYYY",
] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

export const DATE_FORMAT_EXAMPLES: Record<DateFormat, string> = {
  "YYYY-MM-DD": "2026-11-21",
  "DD/MM/YYYY": "21/11/2026",
  "MM/DD/YYYY": "11/21/2026",
  "DD-MM-YYYY": "21-11-2026",
  "DD.MM.YYYY": "21.11.2026",
  "YYYY/MM/DD": "2026/11/21",
  "DD-MMM-YYYY": "21-Nov-2026",
  "DD MMM YYYY": "21 Nov 2026",
};

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

const DATE_PATTERNS: Record<
  DateFormat,
  { pattern: RegExp; order: ["y" | "m" | "d", ...("y" | "m" | "d")[]] }
> = {
  "YYYY-MM-DD": { pattern: /^(\d{4})-(\d{1,2})-(\d{1,2})/, order: ["y", "m", "d"] },
  "DD/MM/YYYY": { pattern: /^(\d{1,2})\/(\d{1,2})\/(\d{4}|\d{2})\b/, order: ["d", "m", "y"] },
  "MM/DD/YYYY": { pattern: /^(\d{1,2})\/(\d{1,2})\/(\d{4}|\d{2})\b/, order: ["m", "d", "y"] },
  "DD-MM-YYYY": { pattern: /^(\d{1,2})-(\d{1,2})-(\d{4})\b/, order: ["d", "m", "y"] },
  "DD.MM.YYYY": { pattern: /^(\d{1,2})\.(\d{1,2})\.(\d{4})\b/, order: ["d", "m", "y"] },
  "YYYY/MM/DD": { pattern: /^(\d{4})\/(\d{1,2})\/(\d{1,2})/, order: ["y", "m", "d"] },
  "DD-MMM-YYYY": { pattern: /^(\d{1,2})-([A-Za-z]{3,9})-(\d{4}|\d{2})\b/, order: ["d", "m", "y"] },
  "DD MMM YYYY": { pattern: /^(\d{1,2}) ([A-Za-z]{3,9}),? (\d{4})\b/, order: ["d", "m", "y"] },
};

const TIME_PATTERN =
  /^(?:[T ,]+)?(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*([AaPp][Mm])?\s*(?:Z|[+-]\d{2}:?\d{2}|EAT)?$/;

function pad(value: number): string {
  return String(value).padStart(2, "0");
}

/**
 * Reads a date cell in the given layout as a local date-time "YYYY-MM-DDTHH:mm:ss" (midnight when the cell
 * has no time), or null when it does not fit.
 */
export function parseDateCell(value: string, format: DateFormat): string | null {
  const text = value.trim();
  const { pattern, order } = DATE_PATTERNS[format];
  const match = pattern.exec(text);
  if (!match) return null;
  const parts: Record<string, string> = {};
  order.forEach((key, index) => {
    parts[key] = match[index + 1] ?? "";
  });
  let year = Number(parts.y);
  if ((parts.y ?? "").length === 2) year += 2000;
  const monthText = parts.m ?? "";
  const month = /^\d+$/.test(monthText)
    ? Number(monthText)
    : MONTHS.indexOf(monthText.slice(0, 3).toLowerCase()) + 1;
  const day = Number(parts.d);
  if (month < 1 || month > 12 || day < 1 || day > 31 || year < 1990 || year > 2100) return null;
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCMonth() !== month - 1) return null;
  const rest = text.slice(match[0].length).trim();
  let hours = 0;
  let minutes = 0;
  let seconds = 0;
  if (rest !== "") {
    const time = TIME_PATTERN.exec(rest);
    if (!time) return null;
    hours = Number(time[1]);
    minutes = Number(time[2]);
    seconds = Number(time[3] ?? 0);
    const meridiem = time[4]?.toLowerCase();
    if (meridiem) {
      if (hours < 1 || hours > 12) return null;
      hours = (hours % 12) + (meridiem === "pm" ? 12 : 0);
    }
    if (hours > 23 || minutes > 59 || seconds > 59) return null;
  }
  return `${year}-${pad(month)}-${pad(day)}T${pad(hours)}:${pad(minutes)}:${pad(seconds)}`;
}

export interface DateFormatDetection {
  /** The layout to use, or null when no layout reads every value. */
  format: DateFormat | null;
  /** Every layout that reads every value (21/11 vs 11/21 can both fit when all days are ≤ 12). */
  candidates: DateFormat[];
  /** True when the first choice was a guess between several fitting layouts. */
  ambiguous: boolean;
}

/**
 * The layout that reads every non-empty value. When day-first and month-first both fit, day-first wins
 * (Kenya writes 21/11/2026) and the result says it was a guess, so the preview can ask.
 */
export function detectDateFormat(values: readonly string[]): DateFormatDetection {
  const sample = values.map((value) => value.trim()).filter((value) => value !== "");
  if (sample.length === 0) return { format: null, candidates: [], ambiguous: false };
  const candidates = DATE_FORMATS.filter((format) =>
    sample.every((value) => parseDateCell(value, format) !== null),
  );
  return {
    format: candidates[0] ?? null,
    candidates,
    ambiguous: candidates.includes("DD/MM/YYYY") && candidates.includes("MM/DD/YYYY"),
  };
}

export const AMOUNT_FORMATS = ["standard", "decimal_comma"] as const;
/** standard: 1,250.00 · decimal_comma: 1.250,00 (European spreadsheets). */
export type AmountFormat = (typeof AMOUNT_FORMATS)[number];

export class AmountFormatError extends InvalidInputError {
  override name = "AmountFormatError";
}

/**
 * A signed amount cell → minor units. Understands 1,250.00 · -1250 · (1,250.00) · 1,250.00- · 1,250.00 DR ·
 * KES 1,250.00 · 1.250,00 (decimal comma). An empty cell is null; anything else that is not an amount throws.
 */
export function parseAmountCell(
  value: string,
  currency: string,
  format: AmountFormat = "standard",
): bigint | null {
  let text = value.trim().replace(/\u00a0/g, " ");
  if (text === "" || text === "-" || text === "—") return null;
  let negative = false;
  const wrapped = /^\((.*)\)$/.exec(text);
  if (wrapped) {
    negative = true;
    text = wrapped[1] ?? "";
  }
  const suffix = /\s*(DR|CR|Dr|Cr|dr|cr)\.?$/.exec(text);
  if (suffix) {
    negative = negative !== /dr/i.test(suffix[1] ?? "");
    text = text.slice(0, suffix.index);
  }
  text = text.replace(new RegExp(`^\\s*(${currency}|KSH|KSHS|KES|USD|\\$|€|£)\\.?\\s*`, "i"), "");
  text = text.replace(new RegExp(`\\s*(${currency}|KSH|KSHS|KES|USD)$`, "i"), "");
  if (text.endsWith("-")) {
    negative = !negative;
    text = text.slice(0, -1);
  }
  if (text.startsWith("-")) {
    negative = !negative;
    text = text.slice(1);
  } else if (text.startsWith("+")) {
    text = text.slice(1);
  }
  text = text.trim();
  if (format === "decimal_comma") {
    if (!/^\d{1,3}(?:[.\s]\d{3})*(?:,\d+)?$|^\d+(?:,\d+)?$/.test(text)) {
      throw new AmountFormatError(`"${value}" is not an amount like 1.250,00`);
    }
    text = text.replace(/[.\s]/g, "").replace(",", ".");
  } else if (!/^\d{1,3}(?:[,\s]\d{3})*(?:\.\d+)?$|^\d+(?:\.\d+)?$|^\.\d+$/.test(text)) {
    throw new AmountFormatError(`"${value}" is not an amount like 1,250.00`);
  }
  try {
    const minor = parseMoney(text.startsWith(".") ? `0${text}` : text, currency);
    return negative ? -minor : minor;
  } catch (error) {
    if (error instanceof MoneyFormatError) throw new AmountFormatError(`"${value}": ${error.message}`);
    throw error;
  }
}

/** decimal_comma only when every value reads that way and some value could only be read that way. */
export function detectAmountFormat(values: readonly string[], currency: string): AmountFormat {
  const sample = values.map((value) => value.trim()).filter((value) => value !== "");
  const reads = (format: AmountFormat) =>
    sample.every((value) => {
      try {
        parseAmountCell(value, currency, format);
        return true;
      } catch {
        return false;
      }
    });
  if (reads("standard")) return "standard";
  return reads("decimal_comma") ? "decimal_comma" : "standard";
}
