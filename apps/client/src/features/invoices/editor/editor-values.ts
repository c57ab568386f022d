import { formatBps, formatQuantity, type TaxTreatment, toMajorString } from "@kavi/domain";
import type { InvoiceDetail } from "../invoice-ui";

/** One invoice line as the form holds it: what the inputs show. */
export interface LineValues {
  description: string;
  quantity: string;
  unitPrice: string;
  discount: string;
  taxTreatment: TaxTreatment;
  /** Percent, for standard-rated lines. */
  taxRate: string;
  /** eTIMS item classification (10 digits), optional. */
  itemClassificationCode: string;
}

export interface EditorValues {
  customerId: string;
  issueDate: string;
  paymentTermsDays: string;
  pricesIncludeTax: boolean;
  exchangeRate: string;
  notes: string;
  terms: string;
  /** The buyer's KRA PIN; blank uses the customer's. */
  buyerPin: string;
  lines: LineValues[];
}

export const TERMS = [0, 7, 14, 30, 45, 60];

export function emptyLine(rate: string): LineValues {
  return {
    description: "",
    quantity: "1",
    unitPrice: "",
    discount: "",
    taxTreatment: "standard",
    taxRate: rate,
    itemClassificationCode: "",
  };
}

/** The line as the API takes it, from what the form holds. */
export function lineInput(line: LineValues) {
  return {
    description: line.description,
    quantity: line.quantity,
    unitPrice: line.unitPrice,
    discount: line.discount.trim() === "" ? "0" : line.discount,
    taxTreatment: line.taxTreatment,
    taxRate: line.taxTreatment === "standard" ? line.taxRate : null,
    itemClassificationCode: line.itemClassificationCode ?? "",
  };
}

/** The draft as ZInvoiceDraftSchema takes it. */
export function draftInput(values: EditorValues) {
  return {
    customerId: values.customerId,
    issueDate: values.issueDate,
    paymentTermsDays: Number(values.paymentTermsDays),
    pricesIncludeTax: values.pricesIncludeTax,
    exchangeRate: values.exchangeRate.trim() || null,
    notes: values.notes,
    terms: values.terms,
    buyerPin: values.buyerPin ?? "",
    lines: values.lines.map(lineInput),
  };
}

/** An existing draft's values, or a new invoice's (the business's settings fill in later). */
export function initialEditorValues(
  invoice: InvoiceDetail | undefined,
  baseCurrency: string,
  today: string,
): EditorValues {
  if (!invoice) {
    return {
      customerId: "",
      issueDate: today,
      paymentTermsDays: "14",
      pricesIncludeTax: false,
      exchangeRate: "",
      notes: "",
      terms: "",
      buyerPin: "",
      lines: [emptyLine("16")],
    };
  }
  return {
    customerId: invoice.customerId,
    issueDate: invoice.issueDate,
    paymentTermsDays: String(invoice.paymentTermsDays),
    pricesIncludeTax: invoice.pricesIncludeTax,
    exchangeRate: invoice.currency === baseCurrency ? "" : invoice.exchangeRate.replace(/\.?0+$/, ""),
    notes: invoice.notes ?? "",
    terms: invoice.terms ?? "",
    buyerPin: invoice.buyerPin ?? "",
    lines: invoice.lines.map((line) => ({
      description: line.description,
      quantity: formatQuantity(line.quantityMilli),
      unitPrice: toMajorString(line.unitPriceMinor, invoice.currency),
      discount: line.discountMinor > 0n ? toMajorString(line.discountMinor, invoice.currency) : "",
      taxTreatment: line.taxTreatment,
      taxRate: formatBps(line.taxRateBps || 1600),
      itemClassificationCode: line.itemClassificationCode ?? "",
    })),
  };
}
