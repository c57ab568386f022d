import { describe, expect, it } from "vitest";
import { AppError, badField, describeWait, InvalidInputError, inField, isAppErrorReason } from "./errors";
import { computeInvoiceTotals, InvoiceTotalsError } from "./invoices";
import { MoneyFormatError, parseMoney } from "./money";

describe("describeWait", () => {
  it("says how long to wait in words", () => {
    expect(describeWait(1)).toBe("1 second");
    expect(describeWait(0.2)).toBe("1 second");
    expect(describeWait(45)).toBe("45 seconds");
    expect(describeWait(900)).toBe("15 minutes");
    expect(describeWait(3599)).toBe("60 minutes");
    expect(describeWait(3 * 3600)).toBe("3 hours");
  });
});

describe("domain errors", () => {
  it("are AppErrors: bad input the API answers with 400, never 500", () => {
    const error = new MoneyFormatError("Enter an amount");
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.name).toBe("MoneyFormatError");
  });

  it("inField puts the parser's words at the field the text came from", () => {
    let caught: unknown;
    try {
      inField("amount", () => parseMoney("twelve", "KES"));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppError);
    const appError = caught as AppError;
    expect(appError.code).toBe("BAD_REQUEST");
    expect(Object.keys(appError.fieldErrors ?? {})).toEqual(["amount"]);
    expect(appError.fieldErrors?.amount?.[0]).toBe(appError.message);
    expect(inField("amount", () => parseMoney("12.50", "KES"))).toBe(1250n);
  });

  it("inField leaves other errors and errors that already name a field alone", () => {
    const other = new Error("database down");
    expect(() =>
      inField("amount", () => {
        throw other;
      }),
    ).toThrow(other);
    const named = badField("lines.0.quantity", "Too many");
    expect(() =>
      inField("lines", () => {
        throw named;
      }),
    ).toThrow(named);
  });

  it("invoice totals name the line and field that made them impossible", () => {
    let caught: unknown;
    try {
      computeInvoiceTotals(
        [
          {
            quantityMilli: 1000n,
            unitPriceMinor: 100n,
            discountMinor: 500n,
            taxTreatment: "exempt",
            taxRateBps: 0,
          },
        ],
        { pricesIncludeTax: false },
      );
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvoiceTotalsError);
    expect(Object.keys((caught as AppError).fieldErrors ?? {})[0]).toMatch(/^lines/);
  });

  it("knows the reasons the client acts on", () => {
    expect(isAppErrorReason("TOKEN_EXPIRED")).toBe(true);
    expect(isAppErrorReason("MADE_UP")).toBe(false);
    expect(isAppErrorReason(3)).toBe(false);
  });
});
