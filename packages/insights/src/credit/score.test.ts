import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BAND_SW, FACTOR_SW, UNKNOWN_REASON_SW } from "./kiswahili";
import { supplierPunctuality } from "./punctuality";
import {
  bandOf,
  CREDIT_FACTORS,
  computeCreditScore,
  MAX_SCORE,
  MIN_SCORE,
  scoreFromValues,
  subscoreOf,
} from "./score";
import { CREDIT_FACTOR_KEYS, type CreditFactorKey, type TCreditInputIn } from "./types";

function healthyInput(overrides: Partial<TCreditInputIn> = {}): TCreditInputIn {
  return {
    asOf: "2026-12-03",
    currency: "KES",
    months: Array.from({ length: 12 }, (_, i) => ({
      month: `2026-${String(i + 1).padStart(2, "0")}-01`.replace(/^2026-(1[3-9])/, "2027-$1"),
      incomeMinor: BigInt(1_200_000_00 + i * 30_000_00),
      expenseMinor: 900_000_00n,
    })),
    activeMonths: 12,
    cashBalanceMinor: 2_500_000_00n,
    receivablesMinor: 600_000_00n,
    receivablesOver60Minor: 0n,
    creditSales90Minor: 2_400_000_00n,
    topCustomerShare: 0.15,
    supplierPunctuality: 1,
    inflowDayShare: 0.9,
    inflowCount: 900,
    reversedCount: 0,
    categorisedShare: 0.99,
    openingBalanceSet: true,
    ...overrides,
  };
}

/** Which way is better for each factor (towards `good`). */
const direction = (key: CreditFactorKey) => Math.sign(CREDIT_FACTORS[key].good - CREDIT_FACTORS[key].bad);

const valueArbitrary = (key: CreditFactorKey) =>
  key === "revenue_level"
    ? fc.option(fc.double({ min: 0, max: 1e8, noNaN: true }), { nil: null })
    : fc.option(fc.double({ min: -2, max: 400, noNaN: true }), { nil: null });

const valuesArbitrary = fc.record(
  Object.fromEntries(CREDIT_FACTOR_KEYS.map((key) => [key, valueArbitrary(key)])) as Record<
    CreditFactorKey,
    fc.Arbitrary<number | null>
  >,
);

describe("credit score", () => {
  it("weights sum to one and the score stays within 300–850", () => {
    const total = Object.values(CREDIT_FACTORS).reduce((sum, factor) => sum + factor.weight, 0);
    expect(total).toBeCloseTo(1, 10);
    fc.assert(
      fc.property(valuesArbitrary, (values) => {
        const score = scoreFromValues(values);
        return score >= MIN_SCORE && score <= MAX_SCORE;
      }),
    );
  });

  it("is monotone: improving one factor with the others fixed never lowers the score", () => {
    fc.assert(
      fc.property(
        valuesArbitrary,
        fc.constantFrom(...CREDIT_FACTOR_KEYS),
        fc.double({ min: 0, max: 500, noNaN: true }),
        (values, key, step) => {
          const current = values[key];
          if (current === null) return true;
          const improved = { ...values, [key]: current + direction(key) * step };
          return scoreFromValues(improved) >= scoreFromValues(values);
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it("is monotone in the books too: more cash, fewer reversals, less overdue never lower it", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -1_000_000_00n, max: 10_000_000_00n }),
        fc.bigInt({ min: 0n, max: 5_000_000_00n }),
        fc.nat({ max: 100 }),
        fc.nat({ max: 100 }),
        (cash, extra, reversed, fewer) => {
          const base = healthyInput({
            cashBalanceMinor: cash,
            reversedCount: reversed + fewer,
            receivablesOver60Minor: 300_000_00n,
          });
          const better = healthyInput({
            cashBalanceMinor: cash + extra,
            reversedCount: reversed,
            receivablesOver60Minor: 100_000_00n,
          });
          return (computeCreditScore(better).score ?? 0) >= (computeCreditScore(base).score ?? 0);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("scores a healthy business Excellent or Very good, with no reasons against it worth naming", () => {
    const result = computeCreditScore(healthyInput());
    expect(result.status).toBe("scored");
    expect(result.score).toBeGreaterThanOrEqual(740);
    expect(["Very good", "Excellent"]).toContain(result.band);
    expect(result.factors).toHaveLength(12);
    expect(result.factors.every((factor) => factor.reason.length > 0)).toBe(true);
  });

  it("names the reasons that lower a weak business's score, with what would raise them", () => {
    const result = computeCreditScore(
      healthyInput({
        cashBalanceMinor: 50_000_00n,
        receivablesOver60Minor: 400_000_00n,
        topCustomerShare: 0.8,
        reversedCount: 90,
      }),
    );
    expect(result.score).toBeLessThan(computeCreditScore(healthyInput()).score ?? 0);
    expect(result.reasons.map((reason) => reason.code)).toEqual(
      expect.arrayContaining(["KV05", "KV07", "KV08", "KV11"]),
    );
    expect(result.reasons[0]?.suggestion).toBeTruthy();
    expect(result.reasons.length).toBeLessThanOrEqual(4);
  });

  it("says not enough history below three months", () => {
    const result = computeCreditScore(healthyInput({ activeMonths: 2, months: [] }));
    expect(result).toMatchObject({ status: "insufficient_history", score: null, band: null });
    expect(result.message).toContain("Not enough history yet");
  });

  it("bands like a consumer report", () => {
    expect([300, 579, 580, 669, 670, 739, 740, 799, 800, 850].map(bandOf)).toEqual([
      "Poor",
      "Poor",
      "Fair",
      "Fair",
      "Good",
      "Good",
      "Very good",
      "Very good",
      "Excellent",
      "Excellent",
    ]);
    expect(subscoreOf("cash_buffer", null)).toBe(0.5);
  });

  it("measures supplier punctuality from the rhythm of regular payments", () => {
    const rent = (day: string) => ({
      day,
      amountMinor: 40_000_00n,
      supplierId: "landlord",
      supplierName: "Landlord",
      categoryId: null,
      categoryName: null,
    });
    const onTime = ["2026-07-01", "2026-08-01", "2026-09-01", "2026-10-01", "2026-11-01"].map(rent);
    expect(supplierPunctuality(onTime, "2026-12-03")).toBe(1);
    const late = ["2026-07-01", "2026-08-01", "2026-09-01", "2026-10-01", "2026-11-12"].map(rent);
    expect(supplierPunctuality(late, "2026-12-03")).toBe(0.75);
    expect(supplierPunctuality([], "2026-12-03")).toBeNull();
  });
});

describe("the score's words in Kiswahili", () => {
  /** The figures in a sentence as a sorted list (each language may order its words differently). */
  const figuresOf = (sentence: string) => (sentence.match(/-?\d(?:[\d,.]*\d)?/g) ?? []).sort();
  /** Values across each factor's range, weak and healthy, including negatives and big shillings. */
  const samples = [-0.35, -0.04, 0, 0.123, 0.5, 0.955, 1, 12.6, 45, 365, 18_750.4, 1_234_567.8];

  it("has every factor's healthy range, reasons and suggestion, with the English figures", () => {
    for (const key of CREDIT_FACTOR_KEYS) {
      const sw = FACTOR_SW[key];
      const en = CREDIT_FACTORS[key];
      expect(sw, key).toBeDefined();
      if (!sw) continue;
      expect(sw.healthy).not.toBe(en.healthy);
      expect(figuresOf(sw.healthy), key).toEqual(figuresOf(en.healthy));
      for (const value of samples) {
        expect(figuresOf(sw.weak(value)), `${key} weak ${value}`).toEqual(figuresOf(en.weak(value)));
        expect(figuresOf(sw.fine(value)), `${key} fine ${value}`).toEqual(figuresOf(en.fine(value)));
        expect(sw.weak(value)).not.toBe(en.weak(value));
      }
    }
  });

  it("words each factor, reason and the message in both languages from the same values", () => {
    for (const input of [
      healthyInput(),
      healthyInput({
        cashBalanceMinor: 0n,
        topCustomerShare: 0.8,
        supplierPunctuality: null,
        inflowDayShare: 0.05,
      }),
    ]) {
      const result = computeCreditScore(input);
      for (const factor of result.factors) {
        expect(factor.sw, factor.key).toBeDefined();
        expect(figuresOf(factor.sw?.reason ?? ""), factor.key).toEqual(figuresOf(factor.reason));
        expect(factor.sw?.healthy).toBe(FACTOR_SW[factor.key]?.healthy);
      }
      for (const reason of result.reasons) {
        const factor = result.factors.find((each) => each.key === reason.key);
        expect(reason.reasonSw).toBe(factor?.sw?.reason);
      }
      expect(figuresOf(result.messageSw ?? "")).toEqual(figuresOf(result.message));
    }
    const weak = computeCreditScore(
      healthyInput({ cashBalanceMinor: 0n, topCustomerShare: 0.8, supplierPunctuality: null }),
    );
    expect(weak.factors.find((factor) => factor.key === "supplier_punctuality")?.sw?.reason).toBe(
      UNKNOWN_REASON_SW,
    );
    expect(weak.factors.find((factor) => factor.key === "customer_concentration")?.sw?.reason).toBe(
      "Mteja mmoja analeta asilimia 80 ya mapato: ukimpoteza, biashara itaumia.",
    );
    const scored = computeCreditScore(healthyInput());
    expect(scored.messageSw).toBe(
      `${scored.score} (${BAND_SW[scored.band ?? ""]}) kutoka kwenye hesabu za miezi 12.`,
    );
    expect(computeCreditScore(healthyInput({ activeMonths: 2 })).messageSw).toBe(
      "Bado hakuna historia ya kutosha: alama inahitaji hesabu za miezi mitatu (biashara hii ina 2).",
    );
  });
});
