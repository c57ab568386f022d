import { ZCreateBusinessSchema } from "@kavi/domain";
import { describe, expect, it } from "vitest";
import { businessToValues, EMPTY_BUSINESS, valuesToBusinessInput } from "./business-form-fields";

describe("business form values", () => {
  it("keys the schema's messages by the same field names the form registers", () => {
    const parsed = ZCreateBusinessSchema.safeParse(
      valuesToBusinessInput({ ...EMPTY_BUSINESS, legalName: "", taxId: "123", foundingYear: "19x9" }),
    );
    expect(parsed.success).toBe(false);
    const paths = parsed.success ? [] : parsed.error.issues.map((issue) => issue.path.join("."));
    expect([...new Set(paths)].sort()).toEqual(["foundingYear", "legalName", "taxId"]);
    for (const path of paths) expect(Object.keys(EMPTY_BUSINESS)).toContain(path);
  });

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
