import { describe, expect, it } from "vitest";
import { describeAction, entityLabel, formatValue } from "./describe-activity";

describe("activity wording", () => {
  it("reads invoice actions in words", () => {
    expect(describeAction("invoice.payment_recorded")).toBe("recorded an invoice payment");
    expect(describeAction("credit_note.issued")).toBe("issued a credit note");
    expect(entityLabel("recurring_invoice")).toBe("Recurring invoices");
  });

  it("shows money recorded in minor units as amounts, and rates as percentages", () => {
    expect(formatValue("totalMinor", "403000")).toBe("4,030.00");
    expect(formatValue("amountPaidMinor", "0")).toBe("0.00");
    expect(formatValue("defaultTaxRateBps", 1600)).toBe("16%");
    expect(formatValue("invoiceNumber", "INV-2026-0001")).toBe("INV-2026-0001");
  });
});
