import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { decodeCursor, decodeKeyset, encodeCursor, encodeKeyset } from "./pagination";

const id = "3f1c2a9e-8b7d-4c6e-9f0a-1b2c3d4e5f60";

function refusalOf(decode: () => unknown): AppError {
  try {
    decode();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("pagination cursors", () => {
  it("round-trip a newest-first position and a sort-value position", () => {
    const createdAt = new Date("2026-11-30T21:15:00.123Z");
    expect(decodeCursor(encodeCursor({ createdAt, id }))).toEqual({ createdAt, id });
    expect(decodeKeyset(encodeKeyset("nyama choma palace", id))).toEqual({ value: "nyama choma palace", id });
  });

  it("start at the top without a cursor", () => {
    expect(decodeCursor(null)).toBeNull();
    expect(decodeCursor("")).toBeNull();
    expect(decodeKeyset(undefined)).toBeNull();
  });

  it("refuse anything else as bad input, both kinds alike", () => {
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value), "utf8").toString("base64url");
    const tampered = [
      "garbage",
      "%%%",
      encode({ createdAt: "2026-01-01", id }),
      encode(["2026-01-01T00:00:00Z"]),
      encode(["2026-01-01T00:00:00Z", "not-an-id"]),
      encode([1, id]),
      encode(["x".repeat(301), id]),
    ];
    for (const cursor of tampered) {
      for (const decode of [decodeCursor, decodeKeyset]) {
        const error = refusalOf(() => decode(cursor));
        expect(error.code).toBe("BAD_REQUEST");
        expect(error.fieldErrors?.cursor).toBeDefined();
      }
    }
    expect(refusalOf(() => decodeCursor(encode(["not a date", id]))).code).toBe("BAD_REQUEST");
  });
});
