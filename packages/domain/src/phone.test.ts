import { describe, expect, it } from "vitest";
import { formatPhone, normalizePhone, toMpesaMsisdn } from "./phone";

describe("phone numbers", () => {
  it.each([
    ["0712345678", "+254712345678"],
    ["0712 345 678", "+254712345678"],
    ["0110-123-456", "+254110123456"],
    ["712345678", "+254712345678"],
    ["254712345678", "+254712345678"],
    ["+254 712 345 678", "+254712345678"],
    ["+44 20 7946 0958", "+442079460958"],
  ])("normalises %s to E.164", (input, expected) => {
    expect(normalizePhone(input)).toBe(expected);
  });

  it.each(["12345", "+2547", "0812345678", "phone"])("rejects %s", (input) => {
    expect(() => normalizePhone(input)).toThrow();
  });

  it("produces the MSISDN Daraja expects and a friendly display form", () => {
    expect(toMpesaMsisdn("0708374149")).toBe("254708374149");
    expect(() => toMpesaMsisdn("+442079460958")).toThrow(/Kenyan/);
    expect(formatPhone("+254712345678")).toBe("0712 345 678");
  });
});
