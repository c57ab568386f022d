import type { InvoiceDocument } from "../document";

type Line = InvoiceDocument["lines"][number];
type Payment = InvoiceDocument["payments"][number];

/** Lines as the PDF reads them (the rest of the row does not matter to it). */
function line(index: number, overrides: Partial<Line> = {}): Line {
  return {
    description: `Roses, bunch of 20 — grade ${index + 1}`,
    quantityMilli: 3000n,
    unitPriceMinor: 100_000n,
    discountMinor: 0n,
    taxTreatment: "standard",
    taxRateBps: 1600,
    netMinor: 300_000n,
    taxMinor: 48_000n,
    totalMinor: 348_000n,
    ...overrides,
  } as Line;
}

/**
 * An invoice that exercises every section of the PDF: a foreign-currency customer, discounts, several VAT
 * treatments, a payment, M-Pesa and bank instructions, notes and terms. `lineCount` makes it run onto more pages.
 */
export function sampleInvoiceDocument(
  options: { status?: "draft" | "sent" | "paid" | "void"; lineCount?: number; language?: "en" | "sw" } = {},
): InvoiceDocument {
  const status = options.status ?? "sent";
  const lines = Array.from({ length: options.lineCount ?? 3 }, (_, index) =>
    index === 1
      ? line(index, { discountMinor: 10_000n, taxTreatment: "zero_rated", taxRateBps: 0, taxMinor: 0n })
      : index === 2
        ? line(index, { taxTreatment: "exempt", taxRateBps: 0, taxMinor: 0n })
        : line(index),
  );
  const payment = {
    source: "manual",
    method: "mpesa",
    reference: "QKL1ABC2DE",
    paidAt: new Date("2026-11-20T09:30:00Z"),
    appliedMinor: 200_000n,
  } as Payment;
  return {
    invoice: {
      id: "0b6f3c1e-2f4a-4c1b-9a57-1f2e3d4c5b6a",
      invoiceNumber: status === "draft" ? null : "INV-2026-0042",
      status,
      currency: "KES",
      issueDate: "2026-11-15",
      dueDate: "2026-12-15",
      paymentTermsDays: 30,
      pricesIncludeTax: false,
      subtotalMinor: 900_000n,
      discountMinor: 10_000n,
      taxMinor: 48_000n,
      totalMinor: 938_000n,
      amountPaidMinor: status === "paid" ? 938_000n : 200_000n,
      creditedMinor: 0n,
      paidAt: status === "paid" ? new Date("2026-11-28T12:00:00Z") : null,
      notes: "Thank you for your business!\nDeliveries before 9 am.",
      terms: "Payment within 30 days. Late payments attract 2% a month.",
      voidReason: status === "void" ? "Raised against the wrong customer" : null,
    } as InvoiceDocument["invoice"],
    lines,
    taxSummary: [
      { taxTreatment: "standard", taxRateBps: 1600, taxableMinor: 300_000n, taxMinor: 48_000n },
      { taxTreatment: "zero_rated", taxRateBps: 0, taxableMinor: 290_000n, taxMinor: 0n },
    ] as InvoiceDocument["taxSummary"],
    balanceDueMinor: status === "paid" || status === "void" ? 0n : 738_000n,
    business: {
      name: "Maua Florists",
      legalName: "Maua Florists Ltd",
      taxId: "P051234567X",
      email: "accounts@maua.co.ke",
      phone: "+254 712 345 678",
      address: "Ngong Road, Kilimani",
      city: "Nairobi",
      country: "KE",
      timezone: "Africa/Nairobi",
      baseCurrency: "KES",
    },
    customer: {
      name: "Kilimani Flowers Ltd",
      taxId: "P059876543Y",
      email: "pay@kilimani.co.ke",
      phone: null,
      address: null,
      city: "Kampala",
      country: "UG",
      language: options.language ?? "en",
      accountNumber: "C-0007",
    },
    payments: status === "draft" ? [] : [payment],
    creditNotes: [],
    instructions: {
      mpesa: {
        kind: "paybill",
        shortcode: "600123",
        accountNumber: "INV-2026-0042",
        steps: ["Go to M-Pesa, then Lipa na M-Pesa, then Pay Bill", "Business number: 600123"],
      },
      other: "Bank: KCB, Kilimani branch\nAccount: 1234567890",
    },
  };
}
