/**
 * Daraja moves whole Kenyan shillings, but its callbacks write them as "5.00", 1.00 or 8959269.60.
 * Amounts are turned into integer cents by reading the decimal text, never by float arithmetic.
 */

export const KES_MINOR_PER_SHILLING = 100n;

export class DarajaAmountError extends RangeError {
  override name = "DarajaAmountError";
}

/** Bounded before BigInt reads the digits (its cost grows with the square of the length). */
const DECIMAL_PATTERN = /^([+-])?(\d{1,15})(?:\.(\d{0,15}))?$/;

/**
 * "5.00" → 500n, 1 → 100n, -1980 → -198000n, "8959269.60" → 895926960n.
 * A JSON number is read through its shortest round-trip text, which is the literal Daraja wrote.
 * More than two non-zero decimals is refused rather than rounded.
 */
export function parseDarajaAmountMinor(value: string | number): bigint {
  let text: string;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new DarajaAmountError(`${value} is not an amount`);
    text = String(value);
    // Exponent notation only appears for magnitudes no M-Pesa amount reaches.
    if (/e/i.test(text)) throw new DarajaAmountError(`${text} is not an amount Daraja would send`);
  } else {
    text = value.trim().replace(/,/g, "");
  }
  const match = DECIMAL_PATTERN.exec(text);
  if (!match) throw new DarajaAmountError(`"${String(value)}" is not an amount`);
  const [, sign, whole = "0", fraction = ""] = match;
  const significantFraction = fraction.replace(/0+$/, "");
  if (significantFraction.length > 2) {
    throw new DarajaAmountError(`"${String(value)}" has more than two decimals`);
  }
  const minor = BigInt(whole) * KES_MINOR_PER_SHILLING + BigInt(significantFraction.padEnd(2, "0"));
  return sign === "-" ? -minor : minor;
}

/** 500n → 5; undefined when the amount has cents (M-Pesa payments never do, balances may). */
export function toWholeShillings(amountMinor: bigint): number | undefined {
  if (amountMinor % KES_MINOR_PER_SHILLING !== 0n) return undefined;
  return Number(amountMinor / KES_MINOR_PER_SHILLING);
}
