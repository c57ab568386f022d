import { describe, expect, it } from "vitest";
import { parseReceiptText } from "./parse";
import { RECEIPT_SAMPLES } from "./samples";

describe("parseReceiptText", () => {
  it("reads every sample's own text exactly (the parser, without OCR noise)", () => {
    for (const sample of RECEIPT_SAMPLES) {
      const fields = parseReceiptText(sample.lines.join("\n"));
      expect({ name: sample.name, ...fields, merchant: fields.merchant?.toLowerCase() }).toEqual({
        name: sample.name,
        merchant: sample.truth.merchant.toLowerCase(),
        date: sample.truth.date,
        totalMinor: sample.truth.totalMinor,
        vatMinor: sample.truth.vatMinor,
        currency: "KES",
      });
    }
  });

  it("takes the total, not the subtotal, the cash given or the change", () => {
    const fields = parseReceiptText(
      "SHOP\nSUBTOTAL 100.00\nTOTAL 116.00\nCASH 200.00\nCHANGE 84.00\nVAT 16% 16.00",
    );
    expect(fields.totalMinor).toBe(11_600n);
    expect(fields.vatMinor).toBe(1_600n);
  });

  it("answers null for what it cannot find, and refuses impossible dates", () => {
    expect(parseReceiptText("31/02/2026 1234")).toEqual({
      merchant: null,
      date: null,
      totalMinor: null,
      vatMinor: null,
      currency: "KES",
    });
  });
});
