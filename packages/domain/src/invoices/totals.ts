import { InvalidInputError } from "../errors";
import { divideRounded } from "../money";
import { QUANTITY_SCALE } from "./quantity";

/**
 * The invoice totals engine: the server stores exactly what it returns, and the editor previews with it.
 * Everything is in minor units of the invoice currency (bigint), so 0-decimal currencies (UGX) work alike.
 *
 * Per line:
 *   gross    = quantity × unit price                       (rounded half away from zero to a minor unit)
 *   amount   = gross − line discount                        (the discount is on the same basis as the price)
 *   tax-exclusive prices: net = amount, tax = net × rate,   total = net + tax
 *   tax-inclusive prices: total = amount, tax = total × rate / (1 + rate), net = total − tax
 * Invoice: tax = Σ line tax (never recomputed on the sum), total = Σ line totals.
 *   exclusive: subtotal = Σ gross (before tax), total = subtotal − discount + tax
 *   inclusive: subtotal = Σ gross (tax included), total = subtotal − discount (tax is the part included)
 */

export const TAX_TREATMENTS = ["standard", "zero_rated", "exempt"] as const;
export type TaxTreatment = (typeof TAX_TREATMENTS)[number];

/** Kenya's standard VAT rate (16 %), in basis points. */
export const DEFAULT_VAT_RATE_BPS = 1600;
export const MAX_TAX_RATE_BPS = 10_000;
/** Ten trillion shillings: far beyond any invoice, far below int8 even summed over many lines. */
export const MAX_AMOUNT_MINOR = 10n ** 15n;

export const TAX_TREATMENT_LABELS: Record<TaxTreatment, string> = {
  standard: "Standard rated",
  zero_rated: "Zero-rated",
  exempt: "Exempt",
};

export interface InvoiceLineAmounts {
  quantityMilli: bigint;
  unitPriceMinor: bigint;
  discountMinor: bigint;
  taxTreatment: TaxTreatment;
  /** Used for standard-rated lines; zero-rated and exempt lines carry no tax whatever it says. */
  taxRateBps: number;
}

export interface ComputedLine {
  /** The rate actually applied: 0 for zero-rated and exempt lines. */
  taxRateBps: number;
  grossMinor: bigint;
  discountMinor: bigint;
  netMinor: bigint;
  taxMinor: bigint;
  totalMinor: bigint;
}

export interface TaxSummaryRow {
  taxTreatment: TaxTreatment;
  taxRateBps: number;
  /** What the tax was computed on (the lines' net amounts). */
  taxableMinor: bigint;
  taxMinor: bigint;
}

export interface InvoiceTotals {
  lines: ComputedLine[];
  subtotalMinor: bigint;
  discountMinor: bigint;
  /** Σ line net: the amount before tax, after discounts. */
  netMinor: bigint;
  taxMinor: bigint;
  totalMinor: bigint;
  taxSummary: TaxSummaryRow[];
}

/** Totals that cannot be computed; the field errors point at the line ("lines.2.discount") or at "lines". */
export class InvoiceTotalsError extends InvalidInputError {
  override name = "InvoiceTotalsError";
  constructor(
    message: string,
    /** Which line (0-based) and field, when one line is the cause. */
    readonly line: number | null = null,
    readonly field: "quantity" | "unitPrice" | "discount" | "taxRate" | null = null,
  ) {
    const path = line === null ? "lines" : `lines.${line}${field ? `.${field}` : ""}`;
    super(message, { fieldErrors: { [path]: [message] } });
  }
}

export function effectiveTaxRateBps(line: Pick<InvoiceLineAmounts, "taxTreatment" | "taxRateBps">): number {
  return line.taxTreatment === "standard" ? line.taxRateBps : 0;
}

/** quantity (thousandths) × unit price, rounded half away from zero to a whole minor unit. */
export function lineGrossMinor(quantityMilli: bigint, unitPriceMinor: bigint): bigint {
  return divideRounded(quantityMilli * unitPriceMinor, QUANTITY_SCALE);
}

/** The tax inside a tax-inclusive amount: amount × rate / (10000 + rate), half away from zero. */
export function taxIncludedIn(amountMinor: bigint, rateBps: number): bigint {
  if (rateBps === 0) return 0n;
  return divideRounded(amountMinor * BigInt(rateBps), 10_000n + BigInt(rateBps));
}

/** The tax on a tax-exclusive amount: amount × rate, half away from zero. */
export function taxOn(amountMinor: bigint, rateBps: number): bigint {
  if (rateBps === 0) return 0n;
  return divideRounded(amountMinor * BigInt(rateBps), 10_000n);
}

export function computeLine(
  line: InvoiceLineAmounts,
  pricesIncludeTax: boolean,
  index: number | null = null,
): ComputedLine {
  if (line.quantityMilli <= 0n)
    throw new InvoiceTotalsError("The quantity must be more than 0", index, "quantity");
  if (line.unitPriceMinor < 0n)
    throw new InvoiceTotalsError("A price cannot be negative", index, "unitPrice");
  if (line.discountMinor < 0n)
    throw new InvoiceTotalsError("A discount cannot be negative", index, "discount");
  if (!Number.isInteger(line.taxRateBps) || line.taxRateBps < 0 || line.taxRateBps > MAX_TAX_RATE_BPS) {
    throw new InvoiceTotalsError("A tax rate is between 0 and 100 %", index, "taxRate");
  }
  const grossMinor = lineGrossMinor(line.quantityMilli, line.unitPriceMinor);
  if (grossMinor > MAX_AMOUNT_MINOR)
    throw new InvoiceTotalsError("This line is too large", index, "unitPrice");
  if (line.discountMinor > grossMinor) {
    throw new InvoiceTotalsError("The discount is more than the line amount", index, "discount");
  }
  const amountMinor = grossMinor - line.discountMinor;
  const rate = effectiveTaxRateBps(line);
  if (pricesIncludeTax) {
    const taxMinor = taxIncludedIn(amountMinor, rate);
    return {
      taxRateBps: rate,
      grossMinor,
      discountMinor: line.discountMinor,
      netMinor: amountMinor - taxMinor,
      taxMinor,
      totalMinor: amountMinor,
    };
  }
  const taxMinor = taxOn(amountMinor, rate);
  return {
    taxRateBps: rate,
    grossMinor,
    discountMinor: line.discountMinor,
    netMinor: amountMinor,
    taxMinor,
    totalMinor: amountMinor + taxMinor,
  };
}

export function computeInvoiceTotals(
  lines: readonly InvoiceLineAmounts[],
  options: { pricesIncludeTax: boolean },
): InvoiceTotals {
  const computed = lines.map((line, index) => computeLine(line, options.pricesIncludeTax, index));
  let subtotalMinor = 0n;
  let discountMinor = 0n;
  let netMinor = 0n;
  let taxMinor = 0n;
  let totalMinor = 0n;
  for (const line of computed) {
    subtotalMinor += line.grossMinor;
    discountMinor += line.discountMinor;
    netMinor += line.netMinor;
    taxMinor += line.taxMinor;
    totalMinor += line.totalMinor;
  }
  if (totalMinor > MAX_AMOUNT_MINOR || subtotalMinor > MAX_AMOUNT_MINOR) {
    throw new InvoiceTotalsError("This invoice is too large");
  }
  const taxSummary = summarizeTax(
    computed.map((line, index) => ({ ...line, taxTreatment: lines[index]?.taxTreatment ?? "standard" })),
  );
  return { lines: computed, subtotalMinor, discountMinor, netMinor, taxMinor, totalMinor, taxSummary };
}

const TREATMENT_ORDER: Record<TaxTreatment, number> = { standard: 0, zero_rated: 1, exempt: 2 };

/** Net and tax per treatment and rate (the invoice's tax summary), from computed or stored lines. */
export function summarizeTax(
  lines: readonly { taxTreatment: TaxTreatment; taxRateBps: number; netMinor: bigint; taxMinor: bigint }[],
): TaxSummaryRow[] {
  const groups = new Map<string, TaxSummaryRow>();
  for (const line of lines) {
    const rate = effectiveTaxRateBps(line);
    const key = `${line.taxTreatment}:${rate}`;
    const group = groups.get(key) ?? {
      taxTreatment: line.taxTreatment,
      taxRateBps: rate,
      taxableMinor: 0n,
      taxMinor: 0n,
    };
    group.taxableMinor += line.netMinor;
    group.taxMinor += line.taxMinor;
    groups.set(key, group);
  }
  return [...groups.values()].sort(
    (a, b) =>
      TREATMENT_ORDER[a.taxTreatment] - TREATMENT_ORDER[b.taxTreatment] || b.taxRateBps - a.taxRateBps,
  );
}

/** "VAT 16%", "Zero-rated (0%)", "Exempt": how a tax summary row reads on the invoice. */
export function taxLabel(treatment: TaxTreatment, rateBps: number): string {
  if (treatment === "exempt") return "Exempt";
  if (treatment === "zero_rated") return "Zero-rated (0%)";
  const whole = Math.trunc(rateBps / 100);
  const fraction = String(rateBps % 100)
    .padStart(2, "0")
    .replace(/0+$/, "");
  return `VAT ${fraction ? `${whole}.${fraction}` : whole}%`;
}

/** What is still owed: total − credit notes − payments, never below zero. */
export function balanceDueMinor(invoice: {
  totalMinor: bigint;
  creditedMinor: bigint;
  amountPaidMinor: bigint;
}): bigint {
  const balance = invoice.totalMinor - invoice.creditedMinor - invoice.amountPaidMinor;
  return balance > 0n ? balance : 0n;
}
