import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { minorDigits, toMajorString } from "../money";
import {
  addMonths,
  bucketsBetween,
  convertToBase,
  DEFAULT_CATEGORIES,
  endOfMonth,
  formatExchangeRate,
  localDateOf,
  parseExchangeRate,
  startOfBucket,
  startOfWeek,
  zonedDateTimeToInstant,
} from ".";

describe("exchange rates", () => {
  it("keeps the rate exact and canonical", () => {
    expect(formatExchangeRate(parseExchangeRate("129.3500"))).toBe("129.35");
    expect(formatExchangeRate(parseExchangeRate("0.0078"))).toBe("0.0078");
    expect(formatExchangeRate(parseExchangeRate("1"))).toBe("1");
    expect(() => parseExchangeRate("0")).toThrow(/more than zero/);
    expect(() => parseExchangeRate("-3")).toThrow();
    expect(() => parseExchangeRate("1.12345678901")).toThrow();
  });

  it("converts between currencies with different minor digits, rounding once", () => {
    expect(convertToBase(12_345n, "USD", "129.35", "KES")).toBe(1_596_826n); // 123.45 × 129.35 = 15968.2575
    expect(convertToBase(100_000n, "UGX", "0.0345", "KES")).toBe(345_000n); // UGX 100,000 → KES 3,450.00
    expect(convertToBase(1n, "USD", "129.35", "KES")).toBe(129n); // 1.2935 → 1.29
    expect(convertToBase(500n, "KES", "1", "KES")).toBe(500n);
  });

  const currencies = fc.constantFrom("KES", "USD", "EUR", "UGX", "TZS", "GBP");
  const rates = fc
    .tuple(fc.integer({ min: 1, max: 9_999_999 }), fc.integer({ min: 0, max: 6 }))
    .map(([units, scale]) => formatExchangeRate({ units: BigInt(units), scale }));

  it("property: conversion is within half a minor unit of the exact value", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        currencies,
        rates,
        currencies,
        (amount, from, rate, to) => {
          const parsed = parseExchangeRate(rate);
          const converted = convertToBase(amount, from, rate, to);
          // exact = amount × units × 10^toDigits / 10^(scale + fromDigits); |converted − exact| ≤ ½
          const numerator = amount * parsed.units * 10n ** BigInt(minorDigits(to));
          const denominator = 10n ** BigInt(parsed.scale + minorDigits(from));
          const error = converted * denominator - numerator;
          expect(2n * (error < 0n ? -error : error) <= denominator).toBe(true);
        },
      ),
    );
  });

  it("property: a rate of 1 between same-digit currencies is the identity, and conversion is monotonic", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.bigInt({ min: 0n, max: 10n ** 6n }),
        rates,
        (amount, more, rate) => {
          expect(convertToBase(amount, "USD", "1", "KES")).toBe(amount);
          expect(
            convertToBase(amount + more, "USD", rate, "KES") >= convertToBase(amount, "USD", rate, "KES"),
          ).toBe(true);
        },
      ),
    );
  });

  it("property: summing converted rows differs from converting the sum by at most half a unit per row", () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: 1n, max: 10n ** 9n }), { minLength: 1, maxLength: 50 }),
        rates,
        (amounts, rate) => {
          const perRow = amounts.reduce((sum, amount) => sum + convertToBase(amount, "USD", rate, "KES"), 0n);
          const whole = convertToBase(
            amounts.reduce((sum, amount) => sum + amount, 0n),
            "USD",
            rate,
            "KES",
          );
          const difference = perRow > whole ? perRow - whole : whole - perRow;
          expect(difference <= BigInt(amounts.length)).toBe(true);
        },
      ),
    );
  });
});

describe("local calendar", () => {
  it("reads local times in Nairobi (UTC+3) and finds the local day of an instant", () => {
    expect(zonedDateTimeToInstant("2026-11-21T00:30:00", "Africa/Nairobi").toISOString()).toBe(
      "2026-11-20T21:30:00.000Z",
    );
    expect(localDateOf(new Date("2026-11-20T21:30:00Z"), "Africa/Nairobi")).toBe("2026-11-21");
    expect(localDateOf(new Date("2026-11-20T20:59:59Z"), "Africa/Nairobi")).toBe("2026-11-20");
    // A zone with daylight saving: the hour that does not exist moves forward.
    expect(zonedDateTimeToInstant("2026-03-29T01:30:00", "Europe/London").toISOString()).toBe(
      "2026-03-29T01:30:00.000Z",
    );
    expect(zonedDateTimeToInstant("2026-07-01T12:00:00", "Europe/London").toISOString()).toBe(
      "2026-07-01T11:00:00.000Z",
    );
  });

  it("does month and week arithmetic on local dates", () => {
    expect(addMonths("2026-01-31", 1)).toBe("2026-02-28");
    expect(addMonths("2024-01-31", 1)).toBe("2024-02-29");
    expect(endOfMonth("2026-02-10")).toBe("2026-02-28");
    expect(startOfWeek("2026-11-22")).toBe("2026-11-16"); // a Sunday belongs to the week that began on Monday
    expect(bucketsBetween("2026-01-15", "2026-04-02", "month")).toEqual([
      "2026-01-01",
      "2026-02-01",
      "2026-03-01",
      "2026-04-01",
    ]);
  });

  it("property: every day falls in exactly one bucket, and buckets tile the range", () => {
    const day = fc
      .date({ min: new Date("2000-01-01"), max: new Date("2099-12-31"), noInvalidDate: true })
      .map((date) => date.toISOString().slice(0, 10));
    fc.assert(
      fc.property(
        day,
        fc.integer({ min: 0, max: 400 }),
        fc.constantFrom("day" as const, "week" as const, "month" as const),
        (from, length, granularity) => {
          const to = new Date(Date.parse(from) + length * 86_400_000).toISOString().slice(0, 10);
          const buckets = bucketsBetween(from, to, granularity);
          expect(buckets[0]).toBe(startOfBucket(from, granularity));
          expect(buckets.at(-1)).toBe(startOfBucket(to, granularity));
          expect([...buckets].sort()).toEqual(buckets);
          expect(new Set(buckets).size).toBe(buckets.length);
        },
      ),
    );
  });
});

describe("default categories", () => {
  it("cover the Kenyan small-business basics with unique keys and names", () => {
    expect(new Set(DEFAULT_CATEGORIES.map((category) => category.systemKey)).size).toBe(
      DEFAULT_CATEGORIES.length,
    );
    expect(DEFAULT_CATEGORIES.find((category) => category.systemKey === "mpesa_charges")).toMatchObject({
      kind: "expense",
      name: "M-Pesa and bank charges",
    });
    expect(
      DEFAULT_CATEGORIES.filter((category) => category.kind === "income").map((category) => category.name),
    ).toEqual(["Sales", "Services", "Other income", "Loan proceeds"]);
    expect(toMajorString(100n, "KES")).toBe("1.00");
  });
});
