import { describe, expect, it } from "vitest";
import { parseQuantity } from "./invoices/quantity";
import { parseMoney } from "./money";
import { deserializeFromWire, MAX_BIG_LENGTH } from "./wire";

/** A number a client could send in a 1 MB request body: BigInt would spend about a tenth of a second on it. */
const HUGE = "9".repeat(1_000_000);

describe("security: unbounded parsing", () => {
  it("attack: a million-digit $big in a request is not parsed into a bigint", () => {
    const value = deserializeFromWire({ amountMinor: { $big: HUGE } }) as { amountMinor: unknown };
    // Left as the plain object it is: the input's schema (which wants a bigint) refuses it.
    expect(typeof value.amountMinor).not.toBe("bigint");
    expect(deserializeFromWire({ $big: "9".repeat(MAX_BIG_LENGTH + 1) })).not.toBeTypeOf("bigint");
    expect(deserializeFromWire({ $big: "-9223372036854775808" })).toBe(-9223372036854775808n);
  });

  it("attack: a megabyte-long $date is not handed to the Date parser", () => {
    const value = deserializeFromWire({ $date: `2026-01-01T00:00:00.000Z${" ".repeat(1_000_000)}` });
    expect(value).toBeInstanceOf(Date);
    expect(Number.isNaN((value as Date).getTime())).toBe(true);
  });

  it("attack: a million-digit amount typed into a form or a CSV cell is refused before BigInt reads it", () => {
    expect(() => parseMoney(HUGE, "KES")).toThrow(/not an amount/);
    expect(() => parseMoney(`1.${HUGE}`, "KES")).toThrow(/not an amount/);
    expect(parseMoney("90071992547409.93", "KES")).toBe(9007199254740993n);
  });

  it("attack: a million-digit quantity on an invoice line is refused before BigInt reads it", () => {
    expect(() => parseQuantity(HUGE)).toThrow(/Enter a quantity/);
    expect(parseQuantity("1000000")).toBe(1_000_000_000n);
  });
});
