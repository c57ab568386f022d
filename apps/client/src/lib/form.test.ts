import { ZCreateBusinessSchema } from "@kavi/domain";
import { describe, expect, it } from "vitest";
import {
  businessToValues,
  EMPTY_BUSINESS,
  valuesToBusinessInput,
} from "../features/business/business-form-fields";
import { firstMessages, issuesToFieldErrors } from "./form";

describe("field errors", () => {
  it("keys client-side zod issues exactly like the API's fieldErrors", () => {
    const parsed = ZCreateBusinessSchema.safeParse(
      valuesToBusinessInput({ ...EMPTY_BUSINESS, legalName: "", taxId: "123", foundingYear: "19x9" }),
    );
    expect(parsed.success).toBe(false);
    const errors = parsed.success ? {} : issuesToFieldErrors(parsed.error.issues);
    expect(Object.keys(errors).sort()).toEqual(["foundingYear", "legalName", "taxId"]);
    expect(errors.taxId).toMatch(/KRA PIN looks like/);
  });

  it("takes the first server message per field", () => {
    expect(firstMessages({ "lines.0.quantity": ["Enter a quantity", "Too big"], email: [] })).toEqual({
      "lines.0.quantity": "Enter a quantity",
    });
    expect(firstMessages(null)).toEqual({});
  });
});

describe("business form values", () => {
  it("turns inputs into the schema's input: numbers, empty selects as not set", () => {
    const input = valuesToBusinessInput({
      ...EMPTY_BUSINESS,
      legalName: "Mama Mboga Traders Ltd",
      employeeCount: "1,200",
      foundingYear: "",
    });
    expect(input).toMatchObject({ employeeCount: 1200, foundingYear: null, industry: null, country: "KE" });
    expect(ZCreateBusinessSchema.safeParse(input).success).toBe(true);
  });

  it("shows a stored business the way people write it", () => {
    const values = businessToValues({
      legalName: "X Ltd",
      phone: "+254722123456",
      employeeCount: 8,
      taxId: null,
    });
    expect(values).toMatchObject({
      legalName: "X Ltd",
      phone: "0722 123 456",
      employeeCount: "8",
      taxId: "",
    });
  });
});
