import { describe, expect, it } from "vitest";
import { divideRounded, formatMoney, minorDigits, parseMoney, toMajorString } from "./money";

describe("money", () => {
  it("knows minor digits per currency", () => {
    expect(minorDigits("KES")).toBe(2);
    expect(minorDigits("ugx")).toBe(0);
  });

  it("parses human amounts into minor units without floats", () => {
    expect(parseMoney("1,250", "KES")).toBe(125000n);
    expect(parseMoney("1250.5", "KES")).toBe(125050n);
    expect(parseMoney("KES 1,250.05", "KES")).toBe(125005n);
    expect(parseMoney("-0.10", "KES")).toBe(-10n);
    expect(parseMoney("90071992547409.93", "KES")).toBe(9007199254740993n);
    expect(parseMoney("15000", "UGX")).toBe(15000n);
  });

  it("refuses amounts it cannot represent exactly", () => {
    expect(() => parseMoney("1.005", "KES")).toThrow(/at most 2 decimals/);
    expect(() => parseMoney("10.5", "UGX")).toThrow(/no decimals/);
    expect(() => parseMoney("12abc", "KES")).toThrow(/not an amount/);
    expect(() => parseMoney("", "KES")).toThrow();
  });

  it("prints minor units as decimal strings and formatted money", () => {
    expect(toMajorString(123450n, "KES")).toBe("1234.50");
    expect(toMajorString(-5n, "KES")).toBe("-0.05");
    expect(toMajorString(15000n, "UGX")).toBe("15000");
    expect(formatMoney(123450n, "KES")).toBe("KES 1,234.50");
    expect(formatMoney(9007199254740993n, "KES")).toBe("KES 90,071,992,547,409.93");
    expect(formatMoney(500000n, "KES", { compact: true })).toBe("KES 5,000");
  });

  it("rounds half away from zero", () => {
    expect(divideRounded(5n, 2n)).toBe(3n);
    expect(divideRounded(-5n, 2n)).toBe(-3n);
    expect(divideRounded(4n, 3n)).toBe(1n);
    expect(() => divideRounded(1n, 0n)).toThrow(RangeError);
  });
});
