import { addDays } from "../ledger/dates";
import {
  type ExchangeRate,
  formatExchangeRate,
  MAX_RATE_DECIMALS,
  parseExchangeRate,
} from "../ledger/exchange";

/**
 * Exchange-rate arithmetic on exact decimals (bigint digits + scale), never floats. Rates are stored as the
 * provider published them (CBK: "1 USD = 129.5 KES", but "1 KES = 27.9 UGX"); conversions to a business's base
 * currency go through KES and are rounded once, half to even, to MAX_RATE_DECIMALS decimals.
 */
export const FX_PIVOT_CURRENCY = "KES";

/** The currencies the daily job asks for; the Rates page lists them in this order. */
export const FX_CURRENCIES = [
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
  "JPY",
] as const;

/** A rate is carried forward at most this many days (weekends, public holidays, a provider outage). */
export const FX_LOOKBACK_DAYS = 14;

/** Missing weekday publications (Nairobi calendar) before the stale-rates alarm sounds: about 48 hours. */
export const FX_ALARM_MISSING_WEEKDAYS = 2;

export interface PublishedRate {
  rateDate: string;
  base: string;
  quote: string;
  /** Decimal text, as stored (numeric). */
  rate: string;
}

function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

/** numerator / denominator as a decimal with `decimals` places, rounded half to even. */
function divideDecimal(numerator: ExchangeRate, denominator: ExchangeRate, decimals: number): ExchangeRate {
  // (nu / 10^ns) / (du / 10^ds) = nu * 10^ds / (du * 10^ns); scaled by 10^decimals.
  const top = numerator.units * pow10(denominator.scale + decimals);
  const bottom = denominator.units * pow10(numerator.scale);
  let quotient = top / bottom;
  const remainder = top % bottom;
  const twice = remainder * 2n;
  if (twice > bottom || (twice === bottom && quotient % 2n === 1n)) quotient += 1n;
  return { units: quotient, scale: decimals };
}

/** Exact text of `numerator / denominator`, rounded half to even to 10 decimals; null when it rounds to zero. */
export function divideRates(numerator: string, denominator: string): string | null {
  const result = divideDecimal(parseLooseRate(numerator), parseLooseRate(denominator), MAX_RATE_DECIMALS);
  return result.units === 0n ? null : formatExchangeRate(result);
}

/** Like parseExchangeRate but accepts numeric(24,10) text with more integer digits and trailing zeros. */
function parseLooseRate(text: string): ExchangeRate {
  const match = /^(\d{1,14})(?:\.(\d{1,10}))?$/.exec(text.trim());
  if (!match) return parseExchangeRate(text);
  const [, whole = "0", fraction = ""] = match;
  const units = BigInt(`${whole}${fraction}`);
  if (units === 0n) return parseExchangeRate("0");
  return { units, scale: fraction.length };
}

/** "123.4500" → "123.45"; what a published rate is shown and compared as. */
export function normaliseRate(text: string): string {
  return formatExchangeRate(parseLooseRate(text));
}

/** Shifts the decimal point left: "90.12" per 100 yen → "0.9012" per yen. */
export function divideByPowerOfTen(text: string, power: number): string {
  const rate = parseLooseRate(text);
  return formatExchangeRate({ units: rate.units, scale: rate.scale + power });
}

/** KES per one unit of `currency` from one published row, or null when the row is about another currency. */
export function kesPerUnit(
  row: Pick<PublishedRate, "base" | "quote" | "rate">,
  currency: string,
): string | null {
  if (currency === FX_PIVOT_CURRENCY) return "1";
  if (row.base === currency && row.quote === FX_PIVOT_CURRENCY) return normaliseRate(row.rate);
  if (row.base === FX_PIVOT_CURRENCY && row.quote === currency) return divideRates("1", row.rate);
  return null;
}

/** How many `to` one `from` is worth, given KES per unit of each; exact text rounded to 10 decimals. */
export function crossRate(kesPerFrom: string, kesPerTo: string): string | null {
  if (kesPerTo === "1") return normaliseRate(kesPerFrom);
  return divideRates(kesPerFrom, kesPerTo);
}

function isWeekday(date: string): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** Weekdays after `newest` up to and including `today` (YYYY-MM-DD): publications that never arrived. */
export function missingWeekdays(newest: string | null, today: string): number {
  if (!newest) return Number.POSITIVE_INFINITY;
  let count = 0;
  for (let date = addDays(newest, 1); date <= today; date = addDays(date, 1)) {
    if (isWeekday(date)) count += 1;
    if (count > 366) break;
  }
  return count;
}

export interface RateFreshness {
  newestRateDate: string | null;
  missingWeekdays: number;
  /** True when about 48 hours of publications are missing: the alarm. */
  alarm: boolean;
}

export function rateFreshness(newest: string | null, today: string): RateFreshness {
  const missing = missingWeekdays(newest, today);
  return {
    newestRateDate: newest,
    missingWeekdays: Number.isFinite(missing) ? missing : -1,
    alarm: missing > FX_ALARM_MISSING_WEEKDAYS,
  };
}
