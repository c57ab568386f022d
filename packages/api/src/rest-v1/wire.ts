import { formatQuantity, toMajorString } from "@kavi/domain";

const MINOR_FIELD = /^(.+)Minor$/;
const MILLI_FIELD = /^(.+)Milli$/;

function isCurrency(value: unknown): value is string {
  return typeof value === "string" && /^[A-Z]{3}$/.test(value);
}

/**
 * The REST form of a procedure's answer: plain JSON for people and other systems. Money is a decimal string
 * in its currency, never a float: `totalMinor: 1250000n` next to `currency: "KES"` becomes `total: "12500.00"`.
 * A field's currency is the nearest `currency` on its object or an enclosing one; `base…` amounts are in the
 * business's base currency. Quantities in thousandths (`quantityMilli`) become decimal `quantity` strings, other
 * whole numbers too large for JSON (counts kept as bigint) become strings, and dates ISO 8601 strings.
 */
export function toRestJson(value: unknown, baseCurrency: string, currency: string = baseCurrency): unknown {
  if (value === null || value === undefined) return value ?? null;
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((item) => toRestJson(item, baseCurrency, currency));
  if (typeof value !== "object") return value;
  const record = value as Record<string, unknown>;
  const own = isCurrency(record.currency) ? record.currency : currency;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(record)) {
    const minor = MINOR_FIELD.exec(key);
    if (minor && (typeof item === "bigint" || item === null)) {
      // A nullable amount (an expense's VAT) keeps its wire name when empty: `vatMinor: null` → `vat: null`.
      const name = minor[1] as string;
      out[name] = item === null ? null : toMajorString(item, /^base[A-Z]/.test(name) ? baseCurrency : own);
      continue;
    }
    const milli = MILLI_FIELD.exec(key);
    if (milli && (typeof item === "bigint" || item === null)) {
      out[milli[1] as string] = item === null ? null : formatQuantity(item);
      continue;
    }
    out[key] = toRestJson(item, baseCurrency, own);
  }
  return out;
}
