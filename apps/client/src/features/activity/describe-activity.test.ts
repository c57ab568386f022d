import { describe, expect, it } from "vitest";
import { createBundledI18n } from "../../i18n/i18n";
import { RESOURCES } from "../../i18n/resources";
import { type ActivityTranslate, describeAction, entityLabel, formatValue } from "./describe-activity";

const words = (language: "en" | "sw") =>
  createBundledI18n(language, RESOURCES).getFixedT(language, [
    "activity",
    "shell",
  ]) as unknown as ActivityTranslate;

describe("activity wording", () => {
  it("reads invoice actions in words", () => {
    const t = words("en");
    expect(describeAction("invoice.payment_recorded", t)).toBe("recorded an invoice payment");
    expect(describeAction("credit_note.issued", t)).toBe("issued a credit note");
    expect(describeAction("something.new_here", t)).toBe("something new here");
    expect(entityLabel("recurring_invoice", t)).toBe("Recurring invoices");
  });

  it("reads them in Kiswahili, roles and modules included", () => {
    const t = words("sw");
    expect(describeAction("invoice.payment_recorded", t)).toBe("alirekodi malipo ya ankara");
    expect(entityLabel("invoice", t)).toBe("Ankara");
    expect(formatValue("role", "owner", t)).toBe("Mmiliki");
    expect(formatValue("modules", [], t)).toBe("hakuna");
  });

  it("shows money recorded in minor units as amounts, and rates as percentages", () => {
    const t = words("en");
    expect(formatValue("totalMinor", "403000", t)).toBe("4,030.00");
    expect(formatValue("amountPaidMinor", "0", t)).toBe("0.00");
    expect(formatValue("defaultTaxRateBps", 1600, t)).toBe("16%");
    expect(formatValue("invoiceNumber", "INV-2026-0001", t)).toBe("INV-2026-0001");
  });
});
