import { describe, expect, it } from "vitest";
import { cardsForCalls } from "./brain";
import type { ToolCall } from "./contracts";
import { ungroundedFigures } from "./grounding";

const summary: ToolCall = {
  name: "period_summary",
  input: { from: "2026-11-09", to: "2026-11-15" },
  result: {
    ok: true,
    output: {
      from: "2026-11-09",
      to: "2026-11-15",
      currency: "KES",
      incomeMinor: 1_250_000n,
      expenseMinor: 430_050n,
      netMinor: 819_950n,
      series: [],
      granularity: "day",
    },
  },
};
const categories: ToolCall = {
  name: "spend_by_category",
  input: { from: "2026-11-01", to: "2026-11-19", type: "expense", categoryId: null },
  result: {
    ok: true,
    output: {
      from: "2026-11-01",
      to: "2026-11-19",
      currency: "KES",
      type: "expense",
      category: null,
      totalMinor: 430_050n,
      items: [{ id: null, name: "Transport and fuel", amountMinor: 195_000n, count: 7, shareBps: 4_534 }],
    },
  },
};

describe("the grounding guard for a model's words", () => {
  it("accepts figures the tools returned, however they are written", () => {
    const reply =
      "You made KES 12,500.00 (KES 12,500) and spent Ksh 4,300.50 from 9 to 15 November 2026, leaving 8,199.50 shillings.";
    expect(ungroundedFigures(reply, [summary])).toEqual([]);
    expect(
      ungroundedFigures("Transport and fuel took KES 1,950, 45.34% of spending (about 45%), in 7 payments.", [
        categories,
      ]),
    ).toEqual([]);
  });

  it("rejects a figure no tool returned: invented, rounded, added up or converted", () => {
    expect(ungroundedFigures("You made KES 987,654.32.", [summary])).toEqual(["987,654.32"]);
    expect(ungroundedFigures("You made about KES 13,000.", [summary])).toEqual(["13,000"]);
    expect(ungroundedFigures("Together: KES 16,800.50.", [summary])).toEqual(["16,800.50"]);
    expect(ungroundedFigures("That is 1,250 dollars a day.", [summary])).toEqual(["1,250"]);
    // Money needs no currency to count: a bare large number is a figure too.
    expect(ungroundedFigures("You made 31,000 this week.", [summary])).toEqual(["31,000"]);
  });

  it("lets small counts, dates, invoice numbers and the question's own numbers through", () => {
    expect(ungroundedFigures("You have 3 overdue invoices, the oldest INV-2026-0012.", [summary])).toEqual(
      [],
    );
    expect(ungroundedFigures("Since 2026-11-09 you made KES 12,500.00.", [summary])).toEqual([]);
    expect(
      ungroundedFigures("In the last 30 days…", [summary], ["What did we make in the last 30 days?"]),
    ).toEqual([]);
    // Small numbers beside a currency are money and must be grounded.
    expect(ungroundedFigures("Fees were KES 5.", [summary])).toEqual(["5"]);
  });

  it("ignores failed calls: their messages give no figures", () => {
    const refused: ToolCall = {
      name: "period_summary",
      input: { from: "2026-11-09", to: "2026-11-15" },
      result: { ok: false, error: "forbidden", message: "You don't have access to Reports." },
    };
    expect(ungroundedFigures("You made KES 12,500.00.", [refused])).toEqual(["12,500.00"]);
  });
});

describe("cards for another brain's tool calls", () => {
  it("gives the offline templates' cards, with the period and link, and the first call's intent", () => {
    const described = cardsForCalls([summary], { categories: [], customers: [], suppliers: [] }, "en");
    expect(described.intent).toBe("period_summary");
    expect(described.cards[0]?.link).toMatchObject({ path: "transactions", params: { from: "2026-11-09" } });
    expect(described.suggestions.length).toBeGreaterThan(0);
  });
});
