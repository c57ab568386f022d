import { decideApiKeyScope, PERMISSIONS } from "@kavi/domain";
import { describe, expect, it } from "vitest";
import { deprecationHeaders, REST_OPERATIONS, type RestOperation } from "./operations";
import { REST_RESPONSES } from "./responses";
import { coerceToSchema, type JsonSchema } from "./schema";
import { toRestJson } from "./wire";

describe("toRestJson", () => {
  it("turns minor units into decimal strings in the currency next to them, never floats", () => {
    const invoice = {
      currency: "UGX",
      totalMinor: 125_000n,
      baseTotalMinor: 4_321n,
      lines: [{ unitPriceMinor: 500n, quantityMilli: 1_500n }],
      issuedAt: new Date("2026-11-05T06:30:00.000Z"),
      count: 3n,
    };
    expect(toRestJson(invoice, "KES")).toEqual({
      currency: "UGX",
      total: "125000",
      baseTotal: "43.21",
      lines: [{ unitPrice: "500", quantity: "1.5" }],
      issuedAt: "2026-11-05T06:30:00.000Z",
      count: "3",
    });
    expect(toRestJson({ amountMinor: -1_250_050n }, "KES")).toEqual({ amount: "-12500.50" });
    expect(toRestJson(null, "KES")).toBeNull();
  });
});

describe("coerceToSchema", () => {
  const schema: JsonSchema = {
    type: "object",
    properties: {
      limit: { type: "integer" },
      overdueOnly: { anyOf: [{ type: "boolean" }, { type: "null" }] },
      types: { type: "array", items: { type: "string" } },
      paidAt: { anyOf: [{ type: "string", format: "date-time" }, { type: "null" }] },
      search: { type: "string" },
    },
  };

  it("reads query text as the numbers, booleans and lists the procedure wants", () => {
    expect(
      coerceToSchema(
        { limit: "10", overdueOnly: "true", types: "income,expense", search: "42" },
        schema,
        true,
      ),
    ).toEqual({ limit: 10, overdueOnly: true, types: ["income", "expense"], search: "42" });
  });

  it("turns ISO instants into dates where the schema has one, and leaves the rest for the procedure to judge", () => {
    const coerced = coerceToSchema({ paidAt: "2026-11-05T09:30:00+03:00", limit: "ten" }, schema, false) as {
      paidAt: Date;
      limit: string;
    };
    expect(coerced.paidAt.toISOString()).toBe("2026-11-05T06:30:00.000Z");
    expect(coerced.limit).toBe("ten");
    expect(coerceToSchema({ paidAt: "yesterday" }, schema, false)).toEqual({ paidAt: "yesterday" });
  });
});

describe("the operation table", () => {
  it("has unique ids and unique method + path pairs", () => {
    const ids = REST_OPERATIONS.map((operation) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    const routes = REST_OPERATIONS.map((operation) => `${operation.method} ${operation.path}`);
    expect(new Set(routes).size).toBe(routes.length);
  });

  it("documents a typed success body for every operation, and none for an operation that does not exist", () => {
    expect(Object.keys(REST_RESPONSES).sort()).toEqual(
      REST_OPERATIONS.map((operation) => operation.operationId).sort(),
    );
    // Money is a decimal string under its wire name, never the minor-unit integer.
    const invoice = REST_RESPONSES.createInvoice as JsonSchema;
    expect(invoice.properties?.total).toMatchObject({ type: "string", pattern: expect.any(String) });
    expect(invoice.properties).not.toHaveProperty("totalMinor");
    expect(invoice.properties?.issueDate).toEqual({ type: "string", format: "date" });
    expect(invoice.properties?.createdAt).toEqual({ type: "string", format: "date-time" });
  });

  it("announces a deprecated operation with Deprecation, Sunset and its successor", () => {
    const operation = {
      ...(REST_OPERATIONS[0] as RestOperation),
      deprecated: {
        since: "2027-01-01T00:00:00Z",
        sunset: "2027-07-01T00:00:00Z",
        successor: "/api/v2/businesses",
      },
    };
    expect(deprecationHeaders(operation)).toEqual({
      deprecation: "@1798761600",
      sunset: "Thu, 01 Jul 2027 00:00:00 GMT",
      link: '</api/v2/businesses>; rel="successor-version"',
    });
    expect(deprecationHeaders(REST_OPERATIONS[0] as RestOperation)).toEqual({});
  });
});

describe("decideApiKeyScope", () => {
  const scopes = [
    { module: "invoices", access: "write" },
    { module: "reports", access: "read" },
  ] as const;

  it("lets write include read, and refuses modules the key was not given", () => {
    expect(decideApiKeyScope(scopes, PERMISSIONS["invoices.write"]).allowed).toBe(true);
    expect(decideApiKeyScope(scopes, PERMISSIONS["invoices.read"]).allowed).toBe(true);
    expect(decideApiKeyScope(scopes, PERMISSIONS["reports.read"]).allowed).toBe(true);
    expect(decideApiKeyScope(scopes, PERMISSIONS["budgets.read"]).allowed).toBe(false);
    expect(decideApiKeyScope(scopes, PERMISSIONS["transactions.write"]).allowed).toBe(false);
    // Customers serve invoicing too: an invoices scope reaches them.
    expect(decideApiKeyScope(scopes, PERMISSIONS["customers.write"]).allowed).toBe(true);
  });

  it("never opens settings, the team or approvals to a key, and always the business itself", () => {
    const everything = [
      { module: "payments", access: "write" },
      { module: "invoices", access: "write" },
    ] as const;
    expect(decideApiKeyScope(everything, PERMISSIONS["payouts.approve"]).allowed).toBe(false);
    expect(decideApiKeyScope(everything, PERMISSIONS["invoices.settings"]).allowed).toBe(false);
    expect(decideApiKeyScope(everything, PERMISSIONS["apiKeys.manage"]).allowed).toBe(false);
    expect(decideApiKeyScope(everything, PERMISSIONS["team.read"]).allowed).toBe(false);
    expect(decideApiKeyScope([], PERMISSIONS["business.read"]).allowed).toBe(true);
  });
});
