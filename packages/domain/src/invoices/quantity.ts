import { InvalidInputError } from "../errors";

/** Quantities are kept in thousandths (1.5 kg is 1500n), so three decimals stay exact. */
export const QUANTITY_SCALE = 1000n;
export const MAX_QUANTITY_MILLI = 1_000_000n * QUANTITY_SCALE;

export class QuantityFormatError extends InvalidInputError {
  override name = "QuantityFormatError";
}

/** Bounded before BigInt reads it: 16 whole digits is far past the largest quantity (1,000,000). */
const QUANTITY_PATTERN = /^(\d{1,16})(?:\.(\d{0,16}))?$/;

/** "1.5" → 1500n. Refuses more than three decimals rather than rounding what a person typed. */
export function parseQuantity(input: string | number): bigint {
  const text = typeof input === "number" ? String(input) : input.trim().replace(/[\s,_]/g, "");
  const match = QUANTITY_PATTERN.exec(text);
  if (!match) throw new QuantityFormatError("Enter a quantity such as 1, 2.5 or 0.125");
  const [, whole = "0", fraction = ""] = match;
  if (fraction.length > 3) throw new QuantityFormatError("A quantity has at most 3 decimals");
  return BigInt(whole) * QUANTITY_SCALE + BigInt(fraction.padEnd(3, "0") || "0");
}

/** 1500n → "1.5"; 2000n → "2". */
export function formatQuantity(quantityMilli: bigint): string {
  const negative = quantityMilli < 0n;
  const absolute = negative ? -quantityMilli : quantityMilli;
  const whole = absolute / QUANTITY_SCALE;
  const fraction = (absolute % QUANTITY_SCALE).toString().padStart(3, "0").replace(/0+$/, "");
  const text = fraction ? `${whole}.${fraction}` : `${whole}`;
  return negative ? `-${text}` : text;
}

/** Tax rates in basis points: "16" → 1600, "8.5" → 850. */
export function parsePercentToBps(input: string | number): number {
  const text = typeof input === "number" ? String(input) : input.trim().replace(/%$/, "").trim();
  const match = /^(\d{1,3})(?:\.(\d{0,2}))?$/.exec(text);
  if (!match) throw new QuantityFormatError("Enter a rate such as 16 or 8.5");
  const [, whole = "0", fraction = ""] = match;
  return Number(whole) * 100 + Number(fraction.padEnd(2, "0") || "0");
}

/** 1600 → "16", 850 → "8.5". */
export function formatBps(bps: number): string {
  const whole = Math.trunc(bps / 100);
  const fraction = String(bps % 100)
    .padStart(2, "0")
    .replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : `${whole}`;
}
