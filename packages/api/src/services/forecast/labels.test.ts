import type { ForecastResult, TForecastInput } from "@kavi/insights";
import { describe, expect, it } from "vitest";
import { wordForecast } from "./labels";

// Only what wordForecast reads: the named flows and the inputs they were named from.
const input = {
  expenses: [
    {
      day: "2026-11-01",
      amountMinor: 100n,
      supplierId: null,
      supplierName: null,
      categoryId: "c-rent",
      categoryName: "Rent",
      categorySystemKey: "rent",
    },
    {
      day: "2026-11-02",
      amountMinor: 100n,
      supplierId: null,
      supplierName: null,
      categoryId: "c-own",
      categoryName: "Shop rent",
      categorySystemKey: "rent",
    },
    {
      day: "2026-11-03",
      amountMinor: 100n,
      supplierId: "s-1",
      supplierName: "Mombasa Wholesalers",
      categoryId: null,
      categoryName: null,
    },
  ],
  budgets: [
    {
      categoryId: "c-power",
      categoryName: "Utilities",
      categorySystemKey: "utilities",
      periodStart: "2026-12-01",
      periodEnd: "2026-12-31",
      amountMinor: 500n,
      spentMinor: 0n,
    },
  ],
  openInvoices: [{ id: "i-1", number: null, customerName: "Duka la Amani" }],
  recurringInvoices: [{ id: "r-1", customerName: "Wanjiru Salon" }],
} as unknown as TForecastInput;

const recurring = (key: string, label: string) => ({
  key,
  label,
  supplierId: null,
  categoryId: null,
  intervalDays: 30,
  typicalMinor: 100n,
  lastDay: "2026-11-01",
});
const event = (kind: string, refId: string, label: string) => ({
  day: "2026-12-05",
  kind,
  amountMinor: -100n,
  probability: 1,
  label,
  refId,
});
const result = {
  recurringExpenses: [
    recurring("category:c-rent", "Rent"),
    recurring("category:c-own", "Shop rent"),
    recurring("supplier:s-1", "Mombasa Wholesalers"),
  ],
  events: [
    event("recurring_expense", "category:c-rent", "Rent"),
    event("budget", "c-power", "Utilities budget (spread to 2026-12-31)"),
    event("invoice", "i-1", "Invoice — Duka la Amani"),
    event("recurring_invoice", "r-1", "Recurring invoice — Wanjiru Salon"),
  ],
} as unknown as ForecastResult;

describe("wordForecast", () => {
  it("names recurring expenses and flows in Kiswahili; renamed categories and suppliers as written", () => {
    const worded = wordForecast(result, input, "sw");
    expect(worded.recurringExpenses.map((expense) => expense.label)).toEqual([
      "Kodi ya nyumba",
      "Shop rent",
      "Mombasa Wholesalers",
    ]);
    expect(worded.events.map((item) => item.label)).toEqual([
      "Kodi ya nyumba",
      "Bajeti ya Umeme na maji (imegawanywa hadi 2026-12-31)",
      "Ankara — Duka la Amani",
      "Ankara ya kujirudia — Wanjiru Salon",
    ]);
  });

  it("keeps the English names for an English reader", () => {
    const worded = wordForecast(result, input, "en");
    expect(worded.recurringExpenses.map((expense) => expense.label)).toEqual(
      result.recurringExpenses.map((expense) => expense.label),
    );
    expect(worded.events.map((item) => item.label)).toEqual(result.events.map((item) => item.label));
  });
});
