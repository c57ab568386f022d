import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allocateCreditNote, allocatePayment } from "./allocation";
import { parseQuantity } from "./quantity";
import { parseInvoiceLines, ZInvoiceLineInputSchema } from "./schemas";
import {
  balanceDueMinor,
  computeInvoiceTotals,
  computeLine,
  type InvoiceLineAmounts,
  type InvoiceTotalsError,
  taxLabel,
} from "./totals";

const line = (overrides: Partial<InvoiceLineAmounts>): InvoiceLineAmounts => ({
  quantityMilli: 1000n,
  unitPriceMinor: 0n,
  discountMinor: 0n,
  taxTreatment: "standard",
  taxRateBps: 1600,
  ...overrides,
});

describe("worked Kenyan examples", () => {
  it("3 × KES 1,160.00 tax-inclusive is KES 3,000.00 net plus KES 480.00 VAT", () => {
    const totals = computeInvoiceTotals([line({ quantityMilli: 3000n, unitPriceMinor: 116_000n })], {
      pricesIncludeTax: true,
    });
    expect(totals.totalMinor).toBe(348_000n);
    expect(totals.netMinor).toBe(300_000n);
    expect(totals.taxMinor).toBe(48_000n);
    expect(totals.subtotalMinor).toBe(348_000n);
  });

  it("3 × KES 1,000.00 tax-exclusive adds KES 480.00 VAT to KES 3,480.00", () => {
    const totals = computeInvoiceTotals([line({ quantityMilli: 3000n, unitPriceMinor: 100_000n })], {
      pricesIncludeTax: false,
    });
    expect(totals).toMatchObject({
      subtotalMinor: 300_000n,
      netMinor: 300_000n,
      taxMinor: 48_000n,
      totalMinor: 348_000n,
    });
  });

  it("mixes standard, zero-rated and exempt lines, with tax per line and a summary per rate", () => {
    // 2.5 kg sukuma wiki (zero-rated produce), a crate hire (VAT 16 %), delivery exempt, a discounted line.
    const totals = computeInvoiceTotals(
      [
        line({ quantityMilli: 2500n, unitPriceMinor: 6_000n, taxTreatment: "zero_rated" }),
        line({ quantityMilli: 1000n, unitPriceMinor: 50_000n }),
        line({ quantityMilli: 1000n, unitPriceMinor: 30_000n, taxTreatment: "exempt", taxRateBps: 1600 }),
        line({ quantityMilli: 3000n, unitPriceMinor: 33_333n, discountMinor: 999n }),
      ],
      { pricesIncludeTax: false },
    );
    // line 4: 99,999 − 999 = 99,000 net; VAT 15,840
    expect(totals.lines.map((computed) => computed.taxMinor)).toEqual([0n, 8_000n, 0n, 15_840n]);
    expect(totals.taxMinor).toBe(23_840n);
    expect(totals.discountMinor).toBe(999n);
    expect(totals.subtotalMinor).toBe(15_000n + 50_000n + 30_000n + 99_999n);
    expect(totals.totalMinor).toBe(totals.subtotalMinor - totals.discountMinor + totals.taxMinor);
    expect(totals.taxSummary).toEqual([
      { taxTreatment: "standard", taxRateBps: 1600, taxableMinor: 149_000n, taxMinor: 23_840n },
      { taxTreatment: "zero_rated", taxRateBps: 0, taxableMinor: 15_000n, taxMinor: 0n },
      { taxTreatment: "exempt", taxRateBps: 0, taxableMinor: 30_000n, taxMinor: 0n },
    ]);
  });

  it("rounds each line half away from zero, then sums (not tax on the sum)", () => {
    // Each KES 0.03 line has VAT 0.0048 → 0.00; VAT on the sum of 100 lines would be 0.48.
    const lines = Array.from({ length: 100 }, () => line({ unitPriceMinor: 3n }));
    const totals = computeInvoiceTotals(lines, { pricesIncludeTax: false });
    expect(totals.taxMinor).toBe(0n);
    expect(totals.totalMinor).toBe(300n);
    // 0.5 of a cent rounds up: 1.5 × KES 0.01 = 0.015 → 0.02
    expect(computeLine(line({ quantityMilli: 1500n, unitPriceMinor: 1n }), false).grossMinor).toBe(2n);
    // VAT on 3.125 → 0.50: 16 % of 313 cents is 50.08 → 50
    expect(computeLine(line({ quantityMilli: 1000n, unitPriceMinor: 313n }), false).taxMinor).toBe(50n);
  });

  it("works for currencies without minor units (UGX)", () => {
    const parsed = parseInvoiceLines(
      [ZInvoiceLineInputSchema.parse({ description: "Matooke", quantity: "3", unitPrice: "11,600" })],
      "UGX",
      1800,
    );
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const totals = computeInvoiceTotals(parsed.lines, { pricesIncludeTax: true });
    expect(totals.totalMinor).toBe(34_800n);
    expect(totals.taxMinor).toBe(5_308n); // 34,800 × 18/118 = 5,308.47
    expect(totals.netMinor).toBe(29_492n);
  });

  it("refuses a discount larger than the line and says which line", () => {
    expect(() =>
      computeInvoiceTotals(
        [line({ unitPriceMinor: 100n }), line({ unitPriceMinor: 100n, discountMinor: 101n })],
        {
          pricesIncludeTax: false,
        },
      ),
    ).toThrow(expect.objectContaining({ line: 1, field: "discount" }) as InvoiceTotalsError);
  });

  it("reports amounts with too many decimals for the currency by field path", () => {
    const result = parseInvoiceLines(
      [
        ZInvoiceLineInputSchema.parse({ description: "A", quantity: 1, unitPrice: "10.00" }),
        ZInvoiceLineInputSchema.parse({ description: "B", quantity: "1.5", unitPrice: "10.005" }),
      ],
      "KES",
      1600,
    );
    expect(result).toEqual({
      ok: false,
      fieldErrors: { "lines.1.unitPrice": ["KES amounts have at most 2 decimals"] },
    });
  });

  it("labels tax rows as they read on a Kenyan invoice", () => {
    expect(taxLabel("standard", 1600)).toBe("VAT 16%");
    expect(taxLabel("standard", 850)).toBe("VAT 8.5%");
    expect(taxLabel("zero_rated", 0)).toBe("Zero-rated (0%)");
    expect(taxLabel("exempt", 0)).toBe("Exempt");
  });

  it("parses quantities to thousandths", () => {
    expect(parseQuantity("1.5")).toBe(1500n);
    expect(parseQuantity("0.125")).toBe(125n);
    expect(parseQuantity(2)).toBe(2000n);
    expect(() => parseQuantity("1.2345")).toThrow(/at most 3 decimals/);
  });
});

const arbitraryLine = fc.record({
  quantityMilli: fc.bigInt({ min: 1n, max: 10_000_000n }),
  unitPriceMinor: fc.bigInt({ min: 0n, max: 1_000_000_000n }),
  discountShare: fc.integer({ min: 0, max: 100 }),
  taxTreatment: fc.constantFrom("standard", "zero_rated", "exempt"),
  taxRateBps: fc.constantFrom(1600, 800, 1400, 0, 1),
});

type RawLine = typeof arbitraryLine extends fc.Arbitrary<infer T> ? T : never;

function toLine(raw: RawLine): InvoiceLineAmounts {
  const gross = (raw.quantityMilli * raw.unitPriceMinor * 2n + 1000n) / 2000n;
  const { discountShare, ...rest } = raw;
  return line({ ...rest, discountMinor: (gross * BigInt(discountShare)) / 100n });
}

describe("totals properties", () => {
  it("the invoice total is the sum of the line totals, and tax the sum of line tax", () => {
    fc.assert(
      fc.property(
        fc.array(arbitraryLine, { minLength: 1, maxLength: 30 }),
        fc.boolean(),
        (raws, inclusive) => {
          const totals = computeInvoiceTotals(raws.map(toLine), { pricesIncludeTax: inclusive });
          const sum = (pick: (value: (typeof totals.lines)[number]) => bigint) =>
            totals.lines.reduce((acc, value) => acc + pick(value), 0n);
          expect(totals.totalMinor).toBe(sum((value) => value.totalMinor));
          expect(totals.taxMinor).toBe(sum((value) => value.taxMinor));
          expect(totals.netMinor + totals.taxMinor).toBe(totals.totalMinor);
          expect(totals.taxSummary.reduce((acc, row) => acc + row.taxMinor, 0n)).toBe(totals.taxMinor);
          expect(totals.taxSummary.reduce((acc, row) => acc + row.taxableMinor, 0n)).toBe(totals.netMinor);
          if (inclusive) expect(totals.totalMinor).toBe(totals.subtotalMinor - totals.discountMinor);
          else expect(totals.totalMinor).toBe(totals.subtotalMinor - totals.discountMinor + totals.taxMinor);
          for (const computed of totals.lines) {
            expect(computed.netMinor).toBeGreaterThanOrEqual(0n);
            expect(computed.taxMinor).toBeGreaterThanOrEqual(0n);
          }
        },
      ),
    );
  });

  it("VAT inclusive ↔ exclusive round-trips within one minor unit per line", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 13n }),
        fc.constantFrom(1600, 800, 1400, 1, 9999, 10_000),
        (netMinor, rate) => {
          // exclusive → inclusive: the gross a customer pays for this net amount
          const exclusive = computeLine(line({ unitPriceMinor: netMinor, taxRateBps: rate }), false);
          // inclusive → exclusive: splitting that gross back must find the same net within a cent
          const inclusive = computeLine(
            line({ unitPriceMinor: exclusive.totalMinor, taxRateBps: rate }),
            true,
          );
          const difference = inclusive.netMinor - exclusive.netMinor;
          expect(difference <= 1n && difference >= -1n).toBe(true);
          expect(inclusive.totalMinor).toBe(exclusive.totalMinor);
        },
      ),
    );
  });

  it("payment allocation conserves money over any sequence of payments", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.array(fc.bigInt({ min: 1n, max: 10n ** 12n }), { maxLength: 12 }),
        (totalMinor, payments) => {
          let amountPaidMinor = 0n;
          let credited = 0n;
          for (const received of payments) {
            const due = balanceDueMinor({ totalMinor, creditedMinor: 0n, amountPaidMinor });
            const allocation = allocatePayment(received, due);
            expect(allocation.appliedMinor + allocation.creditedMinor).toBe(received);
            expect(allocation.appliedMinor).toBeGreaterThanOrEqual(0n);
            expect(allocation.appliedMinor).toBeLessThanOrEqual(due);
            amountPaidMinor += allocation.appliedMinor;
            credited += allocation.creditedMinor;
          }
          expect(amountPaidMinor).toBeLessThanOrEqual(totalMinor);
          expect(amountPaidMinor + credited).toBe(payments.reduce((acc, value) => acc + value, 0n));
        },
      ),
    );
  });

  it("a credit note splits into what it takes off the balance and what goes back, exactly", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 10n }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 1, max: 100 }),
        (totalMinor, paidShare, creditShare) => {
          const amountPaidMinor = (totalMinor * BigInt(paidShare)) / 100n;
          const creditMinor = (totalMinor * BigInt(creditShare)) / 100n || 1n;
          const invoice = { totalMinor, creditedMinor: 0n, amountPaidMinor };
          const { reducesBalanceMinor, returnedMinor } = allocateCreditNote(creditMinor, invoice);
          expect(reducesBalanceMinor + returnedMinor).toBe(creditMinor);
          expect(reducesBalanceMinor).toBe(
            balanceDueMinor(invoice) - balanceDueMinor({ ...invoice, creditedMinor: creditMinor }),
          );
          expect(returnedMinor).toBeLessThanOrEqual(amountPaidMinor);
        },
      ),
    );
  });
});
