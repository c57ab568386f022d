import { InvalidInputError } from "../errors";
import { divideRounded, minorDigits } from "../money";

/**
 * Exchange rates are exact decimals (base-currency units per one unit of the foreign currency, as the user
 * typed them: "129.35"), kept as a scaled integer so conversion never touches a float.
 */
export interface ExchangeRate {
  /** The rate's digits without the point: "129.35" → 12935n. */
  units: bigint;
  /** How many of those digits are decimals: "129.35" → 2. */
  scale: number;
}

export const MAX_RATE_DECIMALS = 10;
const RATE_PATTERN = /^(\d{1,10})(?:\.(\d{1,10}))?$/;

export class ExchangeRateError extends InvalidInputError {
  override name = "ExchangeRateError";
}

export function parseExchangeRate(input: string): ExchangeRate {
  const match = RATE_PATTERN.exec(input.trim().replace(/,/g, ""));
  if (!match) {
    throw new ExchangeRateError("Enter the rate as a number, such as 129.35 (up to 10 decimals)");
  }
  const [, whole = "0", fraction = ""] = match;
  const units = BigInt(`${whole}${fraction}`);
  if (units === 0n) throw new ExchangeRateError("The exchange rate must be more than zero");
  return { units, scale: fraction.length };
}

/** "129.3500" → "129.35": the canonical text stored and shown. */
export function formatExchangeRate(rate: ExchangeRate): string {
  const digits = rate.units.toString().padStart(rate.scale + 1, "0");
  if (rate.scale === 0) return digits;
  const whole = digits.slice(0, -rate.scale);
  const fraction = digits.slice(-rate.scale).replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : whole;
}

export function isValidExchangeRate(input: string): boolean {
  try {
    parseExchangeRate(input);
    return true;
  } catch {
    return false;
  }
}

/**
 * An amount in `currency` minor units converted to `baseCurrency` minor units at `rate`, rounded half away
 * from zero once, at the end. Currencies with different minor digits (USD 2, UGX 0) are handled exactly.
 */
export function convertToBase(
  amountMinor: bigint,
  currency: string,
  rate: ExchangeRate | string,
  baseCurrency: string,
): bigint {
  const parsed = typeof rate === "string" ? parseExchangeRate(rate) : rate;
  const fromDigits = minorDigits(currency);
  const toDigits = minorDigits(baseCurrency);
  const numerator = amountMinor * parsed.units * 10n ** BigInt(toDigits);
  const denominator = 10n ** BigInt(parsed.scale + fromDigits);
  return divideRounded(numerator, denominator);
}
