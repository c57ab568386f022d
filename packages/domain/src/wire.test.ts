import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { deserializeFromWire, serializeForWire } from "./wire";

const roundTrip = (value: unknown) =>
  deserializeFromWire(JSON.parse(JSON.stringify(serializeForWire(value))));

describe("wire format", () => {
  it("carries bigint money and dates exactly", () => {
    const value = {
      amountMinor: 9_007_199_254_740_993n,
      negative: -15n,
      paidAt: new Date("2026-11-21T06:30:00.123Z"),
      lines: [{ quantityMilli: 1500n, note: "1.5 kg" }],
      nothing: null,
    };
    expect(roundTrip(value)).toEqual(value);
    expect(JSON.stringify(serializeForWire({ amountMinor: 123450n }))).toBe(
      '{"amountMinor":{"$big":"123450"}}',
    );
  });

  it("is plain JSON for plain values, dropping undefined properties like JSON does", () => {
    expect(serializeForWire({ email: "a@b.co", count: 2, ok: true, missing: undefined })).toEqual({
      email: "a@b.co",
      count: 2,
      ok: true,
    });
  });

  it("keeps ordinary objects that look like markers unchanged", () => {
    const value = { metadata: { $big: "not a number" }, other: { $date: "x" }, escaped: { $esc: 1 } };
    expect(roundTrip(value)).toEqual(value);
  });

  it("never lets a __proto__ key from the network become a prototype", () => {
    const parsed = deserializeFromWire(JSON.parse('{"__proto__":{"isAdmin":true},"name":"x"}')) as Record<
      string,
      unknown
    >;
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect((parsed as { isAdmin?: boolean }).isAdmin).toBeUndefined();
    expect(Object.keys(parsed)).toEqual(["__proto__", "name"]);
  });

  it("round-trips arbitrary JSON-shaped data with bigints and dates", () => {
    const leaf = fc.oneof(
      fc.bigInt(),
      fc.date({ noInvalidDate: true }),
      fc.string(),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
    );
    const tree = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: "small" },
        leaf,
        fc.array(tie("node")),
        fc.dictionary(fc.string(), tie("node")),
      ),
    })).node;
    fc.assert(
      fc.property(tree, (value) => {
        expect(roundTrip(value)).toEqual(value);
      }),
    );
  });
});
