import { InvalidInputError } from "./errors";

/**
 * Money is an integer count of minor units (bigint) plus an ISO 4217 code. Never a float.
 * Parsing and formatting happen at the edges; arithmetic stays in bigint.
 */

export type CurrencyCode = string;

export interface Money {
  amountMinor: bigint;
  currency: CurrencyCode;
}

export const BASE_CURRENCY = "KES";

/** Currencies a Kenyan small business meets, first the East African ones. */
export const SUPPORTED_CURRENCIES = [
  "KES",
  "USD",
  "EUR",
  "GBP",
  "UGX",
  "TZS",
  "RWF",
  "ZAR",
  "AED",
  "CNY",
  "INR",
] as const;
export type SupportedCurrency = (typeof SUPPORTED_CURRENCIES)[number];

const minorDigitsCache = new Map<string, number>();

/** Number of minor-unit digits for a currency (KES 2, UGX 0), as ISO 4217 and Intl define it. */
export function minorDigits(currency: CurrencyCode): number {
  const code = currency.toUpperCase();
  const cached = minorDigitsCache.get(code);
  if (cached !== undefined) return cached;
  const digits = new Intl.NumberFormat("en", { style: "currency", currency: code }).resolvedOptions()
    .maximumFractionDigits;
  const value = digits ?? 2;
  minorDigitsCache.set(code, value);
  return value;
}

export class MoneyFormatError extends InvalidInputError {
  override name = "MoneyFormatError";
}

/**
 * Digits are bounded before BigInt reads them (its cost grows with the square of the length): 20 whole digits is
 * past any bigint amount, and 20 decimals is enough to say "too many decimals" rather than "not an amount".
 */
const AMOUNT_PATTERN = /^([+-])?(\d{1,20})(?:\.(\d{1,20}))?$/;

/**
 * Parses a human amount ("1,250", "1250.5", "KES 1,250.50") into minor units.
 * Refuses more decimals than the currency has, rather than silently rounding money.
 */
export function parseMoney(input: string, currency: CurrencyCode): bigint {
  const cleaned = input
    .trim()
    .replace(new RegExp(`^${currency}\\s*`, "i"), "")
    .replace(/[\s,_]/g, "");
  const match = AMOUNT_PATTERN.exec(cleaned);
  if (!match) throw new MoneyFormatError(`"${input}" is not an amount`);
  const [, sign, whole = "0", fraction = ""] = match;
  const digits = minorDigits(currency);
  if (fraction.length > digits) {
    throw new MoneyFormatError(
      digits === 0
        ? `${currency.toUpperCase()} amounts have no decimals`
        : `${currency.toUpperCase()} amounts have at most ${digits} decimals`,
    );
  }
  const minor = BigInt(whole) * 10n ** BigInt(digits) + BigInt(fraction.padEnd(digits, "0") || "0");
  return sign === "-" ? -minor : minor;
}

/** 123450n KES → "1234.50" (a plain decimal string, no grouping: for inputs, CSV, Daraja). */
export function toMajorString(amountMinor: bigint, currency: CurrencyCode): string {
  const digits = minorDigits(currency);
  const negative = amountMinor < 0n;
  const absolute = negative ? -amountMinor : amountMinor;
  const scale = 10n ** BigInt(digits);
  const whole = absolute / scale;
  const fraction = absolute % scale;
  const text = digits === 0 ? `${whole}` : `${whole}.${fraction.toString().padStart(digits, "0")}`;
  return negative ? `-${text}` : text;
}

export interface FormatMoneyOptions {
  locale?: string;
  /** Drop the minor digits when they are zero (for charts and KPI cards). */
  compact?: boolean;
  display?: "code" | "symbol" | "none";
}

const formatters = new Map<string, Intl.NumberFormat>();

/** Intl.NumberFormat is costly to build: one per locale, currency and style, reused. */
function numberFormatFor(
  locale: string,
  currency: string,
  display: "code" | "symbol" | "none",
  minimumFractionDigits: number,
  maximumFractionDigits: number,
): Intl.NumberFormat {
  const key = `${locale}|${currency}|${display}|${minimumFractionDigits}|${maximumFractionDigits}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, {
      style: display === "none" ? "decimal" : "currency",
      ...(display === "none" ? {} : { currency, currencyDisplay: display }),
      minimumFractionDigits,
      maximumFractionDigits,
    });
    formatters.set(key, formatter);
  }
  return formatter;
}

/** 123450n KES → "KES 1,234.50". Uses Intl's exact decimal-string formatting, so no float ever appears. */
export function formatMoney(
  amountMinor: bigint,
  currency: CurrencyCode,
  options: FormatMoneyOptions = {},
): string {
  const { locale = "en-KE", compact = false, display = "code" } = options;
  const digits = minorDigits(currency);
  const major = toMajorString(amountMinor, currency);
  const hideDecimals = compact && amountMinor % 10n ** BigInt(digits) === 0n;
  const formatter = numberFormatFor(
    locale,
    currency.toUpperCase(),
    display,
    hideDecimals ? 0 : digits,
    digits,
  );
  // Intl.NumberFormat formats decimal strings exactly (ECMA-402 "string as exact decimal").
  return formatter.format(major as unknown as number).replace(/\u00a0/g, " ");
}

/** Divides with rounding half away from zero: the rule for tax and currency conversion on invoices. */
export function divideRounded(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError("division by zero");
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const quotient = (n * 2n + d) / (2n * d);
  return negative ? -quotient : quotient;
}
