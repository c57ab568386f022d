import { z } from "zod";
import { KRA_PIN_PATTERN } from "../schemas/business";
import type { TaxTreatment } from "./totals";

/**
 * What KRA's eTIMS and the VAT3 return need from our invoices. Reference: /work/shared/reference/kra.md
 * (OSCU spec v2.0 code class 04). Note that A is exempt and B is 16 %, not the other way round.
 */

/** eTIMS taxation types (`taxTyCd`). */
export const KRA_TAX_TYPES = ["A", "B", "C", "D", "E"] as const;
export type KraTaxType = (typeof KRA_TAX_TYPES)[number];

export const KRA_TAX_TYPE_LABELS: Record<KraTaxType, string> = {
  A: "A-Exempt",
  B: "B-16.00%",
  C: "C-0%",
  D: "D-Non-VAT",
  E: "E-8%",
};

/**
 * The eTIMS tax type of a line, derived from what the line already says (so the two can never disagree):
 * exempt → A, zero-rated → C, standard at 8 % → E, standard at 16 % → B, any other standard rate → D
 * (not a Kenyan VAT rate: the line needs fixing before it can go to eTIMS).
 */
export function kraTaxTypeOf(taxTreatment: TaxTreatment, taxRateBps: number): KraTaxType {
  if (taxTreatment === "exempt") return "A";
  if (taxTreatment === "zero_rated" || taxRateBps === 0) return "C";
  if (taxRateBps === 1600) return "B";
  if (taxRateBps === 800) return "E";
  return "D";
}

export function isKraPin(value: string | null | undefined): value is string {
  return typeof value === "string" && KRA_PIN_PATTERN.test(value);
}

/**
 * An optional KRA PIN field (customers, suppliers, an invoice's buyer): spaces removed and upper-cased, blank is
 * null, anything else must have the PIN's shape. The check letter's rule is unpublished, so only the shape is checked.
 */
export const ZOptionalKraPinSchema = z
  .string()
  .transform((value) => value.toUpperCase().replace(/\s/g, ""))
  .refine((value) => value === "" || KRA_PIN_PATTERN.test(value), {
    error: "A KRA PIN looks like P051234567X: a letter, nine digits and a letter",
  })
  .transform((value) => (value === "" ? null : value))
  .nullish();

/** eTIMS item classification (`itemClsCd`): ten digits from KRA's list (UNSPSC-based). */
export const ZOptionalItemClassificationSchema = z
  .string()
  .trim()
  .refine((value) => value === "" || /^\d{10}$/.test(value), {
    error: "Enter the 10-digit eTIMS item classification code",
  })
  .transform((value) => (value === "" ? null : value))
  .nullish();

/** The VAT3 return for a month is due on the 20th of the next month (moved earlier for weekends; holidays are not known here). */
export function vatReturnDueDate(month: string): string {
  const [year, monthNumber] = month.split("-").map(Number) as [number, number];
  const due = new Date(
    Date.UTC(monthNumber === 12 ? year + 1 : year, monthNumber === 12 ? 0 : monthNumber, 20),
  );
  const weekday = due.getUTCDay();
  if (weekday === 6) due.setUTCDate(19);
  if (weekday === 0) due.setUTCDate(18);
  return due.toISOString().slice(0, 10);
}
