import { TOOL_NAMES } from "@kavi/insights/assistant";
import { describe, expect, it } from "vitest";
import { toModelJson, toolDeclarations } from "./declarations";

describe("Gemini's function declarations", () => {
  it("has one per tool, made from its zod schema and description", () => {
    const declarations = toolDeclarations();
    expect(declarations.map((declaration) => declaration.name)).toEqual(TOOL_NAMES);
    const spend = declarations.find((declaration) => declaration.name === "spend_by_category");
    expect(spend?.description).toBe("Spending (or income) per category over a period");
    expect(spend?.parameters).toMatchObject({
      type: "object",
      properties: { from: { type: "string" }, type: { enum: ["income", "expense"] } },
    });
    expect(spend?.parameters).not.toHaveProperty("$schema");
  });
});

describe("tool outputs as the model reads them", () => {
  it("writes amounts as money in the nearest currency and basis points as percentages", () => {
    expect(
      toModelJson(
        {
          currency: "KES",
          totalMinor: 1_250_050n,
          items: [{ name: "Transport", amountMinor: 195_000n, shareBps: 4_534, count: 7 }],
        },
        "USD",
      ),
    ).toEqual({
      currency: "KES",
      total: "KES 12,500.50",
      items: [{ name: "Transport", amount: "KES 1,950.00", sharePercent: 45.34, count: 7 }],
    });
  });
});
