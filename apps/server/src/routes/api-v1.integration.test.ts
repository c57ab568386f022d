import { randomUUID } from "node:crypto";
import { activityLog } from "@kavi/db";
import { API_KEY_MODULES } from "@kavi/domain";
import { createTestDatabase, createTestRedisPrefix, testRun } from "@kavi/testing";
import { Validator } from "@seriousme/openapi-schema-validator";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerWithToken, signUpOverHttp, startTestServer, type TestServer } from "../testing";

/**
 * The REST API v1 over HTTP, as an outside developer meets it: an API key, the OpenAPI document, every
 * documented operation called at least once, and the contract's refusals (validation, scopes, another
 * business, idempotency, rate limits).
 */

interface DocumentedResponse {
  content?: { "application/json"?: { schema?: unknown } };
}

interface OpenApiDocument {
  openapi: string;
  paths: Record<
    string,
    Record<string, { operationId: string; responses: Record<string, DocumentedResponse> }>
  >;
  components: { schemas: Record<string, unknown> };
}

type Json = Record<string, unknown> & {
  error?: { code: string; message: string; fields: Record<string, string[]> };
};

let server: TestServer;
let document: OpenApiDocument;
let businessA: string;
let businessB: string;
let customerOfB: string;
let writeKey: string;
let writeKeyId: string;
let readKey: string;
let keyOfB: string;
let ownerCaller: Awaited<ReturnType<typeof callerFor>>;

/** Every documented operation, by id: its method and path template, and what this test got from it. */
const documented = new Map<
  string,
  { method: string; path: string; statuses: string[]; responses: Record<string, DocumentedResponse> }
>();
const calledWith = new Map<string, number[]>();
/** Bodies that did not match the documented schema of their status, by operation. */
const mismatches: { operationId: string; status: number; errors: unknown }[] = [];
const validators = new Map<string, ValidateFunction>();
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);

/**
 * The documented schema, made strict for this test: every object that lists its properties may have no
 * others, so a field the API answers but the document does not describe fails here (clients still read the
 * document's objects as open).
 */
function closed(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closed);
  if (!schema || typeof schema !== "object") return schema;
  const entries = Object.entries(schema).map(([key, value]) => [
    key,
    key === "properties"
      ? Object.fromEntries(Object.entries(value as object).map(([name, item]) => [name, closed(item)]))
      : closed(value),
  ]);
  const result = Object.fromEntries(entries) as Record<string, unknown>;
  if (result.properties && result.additionalProperties === undefined) result.additionalProperties = false;
  return result;
}

function validatorFor(operationId: string, status: number): ValidateFunction | null {
  const cacheKey = `${operationId} ${status}`;
  const cached = validators.get(cacheKey);
  if (cached) return cached;
  const schema =
    documented.get(operationId)?.responses[String(status)]?.content?.["application/json"]?.schema;
  if (!schema) return null;
  const validate = ajv.compile({
    ...(closed(schema) as object),
    components: document.components,
  } as object);
  validators.set(cacheKey, validate);
  return validate;
}

function callerFor(token: string) {
  return callerWithToken(server, token, "api-v1-test");
}

async function http(
  method: string,
  path: string,
  options: { key?: string | null; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
) {
  const key = options.key === undefined ? writeKey : options.key;
  const response = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: {
      ...(options.body !== undefined || options.raw ? { "content-type": "application/json" } : {}),
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...options.headers,
    },
    ...(options.raw
      ? { body: options.raw }
      : options.body !== undefined
        ? { body: JSON.stringify(options.body) }
        : {}),
  });
  return { response, status: response.status, body: (await response.json()) as Json };
}

/** Calls a documented operation by its id, filling the path template; records the status it answered. */
async function call(
  operationId: string,
  parameters: Record<string, string>,
  options: {
    query?: Record<string, string>;
    body?: unknown;
    key?: string | null;
    headers?: Record<string, string>;
  } = {},
) {
  const operation = documented.get(operationId);
  if (!operation) throw new Error(`${operationId} is not in the OpenAPI document`);
  const path = operation.path.replace(/\{(\w+)\}/g, (_match, name: string) => {
    const value = name === "businessId" ? (parameters.businessId ?? businessA) : parameters[name];
    if (!value) throw new Error(`${operationId} needs ${name}`);
    return encodeURIComponent(value);
  });
  const query = options.query ? `?${new URLSearchParams(options.query)}` : "";
  const result = await http(operation.method.toUpperCase(), `${path}${query}`, options);
  calledWith.set(operationId, [...(calledWith.get(operationId) ?? []), result.status]);
  const validate = validatorFor(operationId, result.status);
  if (validate && !validate(result.body)) {
    mismatches.push({ operationId, status: result.status, errors: validate.errors });
  }
  return result;
}

function expectStatus(result: { status: number; body: Json }, status: number) {
  expect(result.status, JSON.stringify(result.body)).toBe(status);
}

beforeAll(async () => {
  server = await startTestServer({
    DATABASE_URL: await createTestDatabase(),
    REDIS_URL: testRun().redisUrl,
    REDIS_PREFIX: createTestRedisPrefix(),
    RATE_LIMIT_ANONYMOUS_PER_HOUR: "1000",
  });
  const owner = await signUpOverHttp(server, {
    fullName: "Wanjiru Kamau",
    email: `api.v1.${randomUUID()}@example.co.ke`,
    password: "Mandazi-Na-Chai-Ya-Saa-4",
  });
  const caller = await callerFor(owner.accessToken);
  ownerCaller = caller;
  businessA = (
    await caller.business.create({
      legalName: "Wanjiru Greens Ltd",
      country: "KE",
      baseCurrency: "KES",
      timezone: "Africa/Nairobi",
    })
  ).id;
  const everyScope = (access: "read" | "write") => API_KEY_MODULES.map((module) => ({ module, access }));
  const created = await caller.apiKeys.create({
    businessId: businessA,
    name: "Shop till",
    scopes: everyScope("write"),
  });
  writeKey = created.secret;
  writeKeyId = created.key.id;
  readKey = (
    await caller.apiKeys.create({ businessId: businessA, name: "Accountant", scopes: everyScope("read") })
  ).secret;

  const other = await signUpOverHttp(server, {
    fullName: "Otieno Ouma",
    email: `api.v1.b.${randomUUID()}@example.co.ke`,
    password: "Samaki-Wa-Ziwa-Victoria-9",
  });
  const otherCaller = await callerFor(other.accessToken);
  businessB = (
    await otherCaller.business.create({
      legalName: "Ouma Fish Traders",
      country: "KE",
      baseCurrency: "KES",
      timezone: "Africa/Nairobi",
    })
  ).id;
  customerOfB = (await otherCaller.customers.create({ businessId: businessB, name: "Kisumu Hotel" })).id;
  keyOfB = (
    await otherCaller.apiKeys.create({ businessId: businessB, name: "B", scopes: everyScope("write") })
  ).secret;

  document = (await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as OpenApiDocument;
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      documented.set(operation.operationId, {
        method,
        path,
        statuses: Object.keys(operation.responses),
        responses: operation.responses,
      });
    }
  }
});

afterAll(async () => {
  await server?.close();
});

describe("the OpenAPI document and the reference page", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    const validator = new Validator();
    const result = await validator.validate(document as unknown as Parameters<Validator["validate"]>[0]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(document.openapi).toBe("3.1.0");
    expect(documented.size).toBeGreaterThanOrEqual(30);
  });

  it("serves the reference page and Scalar from our own origin (no CDN)", async () => {
    const page = await fetch(`${server.url}/api/docs`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('src="/api/docs/scalar.js"');
    expect(html).not.toMatch(/https?:\/\//);
    expect(page.headers.get("content-security-policy")).toContain("script-src 'self'");
    const bundle = await fetch(`${server.url}/api/docs/scalar.js`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get("content-type")).toMatch(/javascript/);
    expect(html).toContain('data-url="/api/v1/openapi.json"');
  });
});

describe("every documented operation", () => {
  it("works end to end with an API key", async () => {
    expectStatus(await call("getBusiness", {}), 200);
    const categories = await call("listCategories", {}, { query: { kind: "expense" } });
    expectStatus(categories, 200);
    const rent = (categories.body as unknown as { id: string; systemKey: string | null }[]).find(
      (category) => category.systemKey === "rent",
    );
    expect(rent).toBeDefined();
    const categoryId = String(rent?.id);

    // Customers
    const customer = await call(
      "createCustomer",
      {},
      { body: { name: "Mama Mboga Kiosk", email: "mboga@example.co.ke" } },
    );
    expectStatus(customer, 201);
    const customerId = String(customer.body.id);
    await call("createCustomer", {}, { body: { name: "Kibanda Cafe" } });
    const firstPage = await call("listCustomers", {}, { query: { limit: "1" } });
    expectStatus(firstPage, 200);
    expect(firstPage.body.items).toHaveLength(1);
    expect(firstPage.body.nextCursor).toEqual(expect.any(String));
    const secondPage = await call(
      "listCustomers",
      {},
      { query: { limit: "1", cursor: String(firstPage.body.nextCursor) } },
    );
    expect(secondPage.body.items).toHaveLength(1);
    expect((secondPage.body.items as { id: string }[])[0]?.id).not.toBe(
      (firstPage.body.items as { id: string }[])[0]?.id,
    );
    expectStatus(await call("getCustomer", { customerId }), 200);
    const renamed = await call(
      "updateCustomer",
      { customerId },
      { body: { name: "Mama Mboga Ltd", email: "mboga@example.co.ke" } },
    );
    expectStatus(renamed, 200);
    expect(renamed.body.name).toBe("Mama Mboga Ltd");

    // Transactions: money in and out as decimal strings with a currency, never floats.
    const expense = await call(
      "createTransaction",
      {},
      {
        body: {
          type: "expense",
          amount: "1,500.50",
          categoryId,
          transactionDate: "2026-11-02",
          description: "Stall rent",
        },
      },
    );
    expectStatus(expense, 201);
    expect(expense.body).toMatchObject({ amount: "1500.50", currency: "KES" });
    expect(expense.body).not.toHaveProperty("amountMinor");
    const transactionId = String(expense.body.id);
    const transactions = await call("listTransactions", {}, { query: { limit: "10", types: "expense" } });
    expectStatus(transactions, 200);
    expect((transactions.body.items as unknown[]).length).toBeGreaterThanOrEqual(1);
    expectStatus(await call("getTransaction", { transactionId }), 200);
    const updated = await call(
      "updateTransaction",
      { transactionId },
      {
        body: { type: "expense", amount: "2000", categoryId, transactionDate: "2026-11-03" },
      },
    );
    expectStatus(updated, 200);
    expect(updated.body.amount).toBe("2000.00");
    expectStatus(
      await call("getTransactionSummary", {}, { query: { from: "2026-11-01", to: "2026-11-30" } }),
      200,
    );
    expectStatus(
      await call(
        "getAnalyticsSeries",
        {},
        { query: { from: "2026-01-01", to: "2026-12-31", granularity: "month" } },
      ),
      200,
    );
    expectStatus(
      await call(
        "getAnalyticsByCategory",
        {},
        { query: { from: "2026-11-01", to: "2026-11-30", type: "expense" } },
      ),
      200,
    );
    expectStatus(await call("getDashboard", {}, { query: { period: "last_12_months" } }), 200);
    expectStatus(await call("getCashFlow", {}, { query: { from: "2026-11-01", to: "2026-11-30" } }), 200);
    expectStatus(await call("deleteTransaction", { transactionId }), 200);
    expectStatus(await call("getTransaction", { transactionId }), 404);

    // Invoices: draft, issue, pay, send, void; an M-Pesa prompt needs M-Pesa connected first.
    const lines = [{ description: "Sukuma wiki, bunch", quantity: "12", unitPrice: "30.00" }];
    const invoice = await call("createInvoice", {}, { body: { customerId, lines } });
    expectStatus(invoice, 201);
    const invoiceId = String(invoice.body.id);
    // 16% VAT on top: money comes back as decimal strings per line and in total.
    expect(invoice.body).toMatchObject({ currency: "KES", subtotal: "360.00", total: "417.60" });
    expectStatus(
      await call(
        "updateInvoice",
        { invoiceId },
        {
          body: {
            customerId,
            lines: [...lines, { description: "Delivery", quantity: "1", unitPrice: "100" }],
          },
        },
      ),
      200,
    );
    expectStatus(await call("issueInvoice", { invoiceId }), 200);
    const fetched = await call("getInvoice", { invoiceId });
    expectStatus(fetched, 200);
    expect(fetched.body).toMatchObject({
      total: "533.60",
      status: "open" === fetched.body.status ? "open" : expect.any(String),
    });
    const payment = await call(
      "recordInvoicePayment",
      { invoiceId },
      { body: { amount: "100.00", method: "cash", paidAt: "2026-11-05T09:30:00+03:00" } },
    );
    expectStatus(payment, 201);
    expectStatus(await call("sendInvoice", { invoiceId }, { body: {} }), 200);
    const prompt = await call(
      "requestMpesaPayment",
      { invoiceId },
      { body: { phone: "0712345678", amount: "50" } },
    );
    expect(prompt.status).toBeGreaterThanOrEqual(400);
    expect(prompt.status).toBeLessThan(500);
    expectStatus(await call("getMpesaRequest", { paymentRequestId: randomUUID() }), 404);
    expectStatus(await call("listMpesaPayments", {}, { query: { limit: "5" } }), 200);
    const invoices = await call("listInvoices", {}, { query: { status: "open", limit: "5" } });
    expectStatus(invoices, 200);
    expect(invoices.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ id: invoiceId })]));
    // An invoice with a payment on it takes a credit note, not a void: 412 with the reason.
    expectStatus(await call("voidInvoice", { invoiceId }, { body: { reason: "Customer cancelled" } }), 412);
    const unpaid = await call("createInvoice", {}, { body: { customerId, lines } });
    const unpaidId = String(unpaid.body.id);
    expectStatus(await call("issueInvoice", { invoiceId: unpaidId }), 200);
    expectStatus(
      await call("voidInvoice", { invoiceId: unpaidId }, { body: { reason: "Customer cancelled" } }),
      200,
    );
    const draft = await call("createInvoice", {}, { body: { customerId, lines } });
    expectStatus(await call("deleteInvoice", { invoiceId: String(draft.body.id) }), 200);

    // Budgets
    const budgets = await call(
      "createBudget",
      {},
      { body: { categoryId, month: "2026-11", amount: "20000" } },
    );
    expectStatus(budgets, 201);
    const budgetId = String((budgets.body as unknown as { id: string }[])[0]?.id);
    expectStatus(await call("listBudgets", {}, { query: { month: "2026-11" } }), 200);
    expectStatus(await call("updateBudget", { budgetId }, { body: { amount: "25000" } }), 200);
    expectStatus(await call("deleteBudget", { budgetId }), 200);

    // KAVI
    const answer = await call("askKavi", {}, { body: { message: "How much did we spend this month?" } });
    expectStatus(answer, 201);
    expect(answer.body.reply).toEqual(expect.any(String));
  });

  it("answered every call with a body that matches the documented schema of its status", () => {
    expect(JSON.stringify(mismatches, null, 1)).toEqual("[]");
    // Every success body is typed, not a bare object.
    for (const [operationId, { responses }] of documented) {
      const success = Object.entries(responses).find(([status]) => status.startsWith("2"));
      const schema = success?.[1].content?.["application/json"]?.schema as Record<string, unknown>;
      expect(schema.properties ?? schema.items, `${operationId}'s success body`).toBeDefined();
    }
  });

  it("has called every documented operation, each answering one of its documented statuses", () => {
    const missing = [...documented.keys()].filter((operationId) => !calledWith.has(operationId));
    expect(missing, "documented operations this test never called").toEqual([]);
    for (const [operationId, statuses] of calledWith) {
      const allowed = documented.get(operationId)?.statuses ?? [];
      for (const status of statuses)
        expect(allowed, `${operationId} answered ${status}`).toContain(String(status));
    }
  });
});

describe("the contract's refusals", () => {
  it("answers bad input with 400 and field messages in { error: { code, message, fields } }", async () => {
    const result = await call("createCustomer", {}, { body: { name: "" } });
    expectStatus(result, 400);
    expect(result.body.error).toMatchObject({ code: "bad_request", fields: { name: [expect.any(String)] } });
    expect(result.body.error?.message).toEqual(expect.any(String));
    const notJson = await http("POST", `/businesses/${businessA}/customers`, { raw: "{nope" });
    expectStatus(notJson, 400);
    expect(notJson.body.error?.code).toBe("bad_request");
    const badDate = await call(
      "recordInvoicePayment",
      { invoiceId: randomUUID() },
      { body: { amount: "abc", method: "cash" } },
    );
    expectStatus(badDate, 400);
    expect(badDate.body.error?.fields).toHaveProperty("amount");
  });

  it("enforces the key's scopes with 403", async () => {
    const refused = await call("createCustomer", {}, { key: readKey, body: { name: "Not allowed" } });
    expectStatus(refused, 403);
    expect(refused.body.error?.code).toBe("forbidden");
    expectStatus(await call("listCustomers", {}, { key: readKey }), 200);
  });

  it("answers another business's ids with 404, never its data", async () => {
    expectStatus(await call("getBusiness", { businessId: businessB }), 404);
    expectStatus(await call("listCustomers", { businessId: businessB }), 404);
    const foreignEntity = await call("getCustomer", { customerId: customerOfB });
    expectStatus(foreignEntity, 404);
    expect(foreignEntity.body.error?.code).toBe("not_found");
    expectStatus(
      await call("getCustomer", { businessId: businessA, customerId: customerOfB }, { key: keyOfB }),
      404,
    );
  });

  it("answers no key, a made-up key and unknown addresses with clear 4xx", async () => {
    const anonymous = await call("listCustomers", {}, { key: null });
    expectStatus(anonymous, 401);
    expect(anonymous.body.error?.code).toBe("unauthorized");
    const madeUp = await call("listCustomers", {}, { key: `kavi_test_${"x".repeat(43)}` });
    expectStatus(madeUp, 401);
    expect(madeUp.body.error?.message).toMatch(/API key is not valid/);
    expectStatus(await http("GET", "/nothing-here"), 404);
    const wrongMethod = await http("PATCH", `/businesses/${businessA}/customers`, { body: {} });
    expectStatus(wrongMethod, 405);
    expect(wrongMethod.response.headers.get("allow")).toBe("GET, POST");
  });

  it("replays a repeated Idempotency-Key and refuses it for a different body", async () => {
    const key = randomUUID();
    const body = { name: `Idempotent Duka ${key.slice(0, 8)}` };
    const first = await call("createCustomer", {}, { body, headers: { "idempotency-key": key } });
    expectStatus(first, 201);
    const again = await call("createCustomer", {}, { body, headers: { "idempotency-key": key } });
    expectStatus(again, 201);
    expect(again.body).toEqual(first.body);
    expect(again.response.headers.get("idempotent-replayed")).toBe("true");
    const search = await call("listCustomers", {}, { query: { search: body.name } });
    expect(search.body.items).toHaveLength(1);
    const different = await call(
      "createCustomer",
      {},
      { body: { name: "Another" }, headers: { "idempotency-key": key } },
    );
    expectStatus(different, 409);
    expect(different.body.error?.code).toBe("idempotency_conflict");
    // Another caller's identical key is theirs alone.
    const otherCaller = await call(
      "createCustomer",
      { businessId: businessB },
      { key: keyOfB, body, headers: { "idempotency-key": key } },
    );
    expectStatus(otherCaller, 201);
    expect(otherCaller.body.id).not.toBe(first.body.id);
  });

  it("audits every change as the key, and records when and from where it was last used", async () => {
    const created = await call("createCustomer", {}, { body: { name: "Audited Kiosk" } });
    const rows = await server.resources.services.db
      .select()
      .from(activityLog)
      .where(eq(activityLog.entityId, String(created.body.id)));
    expect(rows.length).toBeGreaterThanOrEqual(1);
    expect(rows[0]?.actorApiKeyId).toBe(writeKeyId);
    const owner = await server.resources.services.db
      .select({ createdByUserId: activityLog.actorUserId })
      .from(activityLog)
      .where(eq(activityLog.entityId, String(created.body.id)));
    expect(owner[0]?.createdByUserId).toEqual(expect.any(String));
    const feed = await ownerCaller.activity.list({ businessId: businessA, limit: 50 });
    const entry = feed.items.find((item) => item.entityId === String(created.body.id));
    expect(entry).toMatchObject({
      apiKey: { id: writeKeyId, name: "Shop till" },
      actor: { fullName: "Wanjiru Kamau" },
    });
  });

  it("limits each key per hour with RateLimit headers, then 429 with Retry-After", async () => {
    const normal = await call("getBusiness", {});
    expect(normal.response.headers.get("ratelimit-limit")).toBe("1000");
    expect(Number(normal.response.headers.get("ratelimit-remaining"))).toBeLessThan(1000);
    expect(normal.response.headers.get("ratelimit-policy")).toBe("1000;w=3600");

    const tight = await ownerCaller.apiKeys.create({
      businessId: businessA,
      name: "Tight",
      scopes: [{ module: "reports", access: "read" }],
      rateLimitPerHour: 2,
    });
    const answers: number[] = [];
    let last: Awaited<ReturnType<typeof call>> | null = null;
    for (let attempt = 0; attempt < 3; attempt += 1) {
      last = await call("getBusiness", {}, { key: tight.secret });
      answers.push(last.status);
    }
    expect(answers).toEqual([200, 200, 429]);
    expect(last?.body.error?.code).toBe("too_many_requests");
    expect(Number(last?.response.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(last?.response.headers.get("ratelimit-remaining")).toBe("0");
  });

  it("stops a revoked key at once, and a rolled key's old secret while its new one works", async () => {
    const key = await ownerCaller.apiKeys.create({
      businessId: businessA,
      name: "Rolling",
      scopes: [{ module: "invoices", access: "read" }],
    });
    expect(key.secret).toMatch(/^kavi_test_[A-Za-z0-9_-]{43}$/);
    expect(key.key.prefix).toBe(key.secret.slice(0, 16));
    expectStatus(await call("listInvoices", {}, { key: key.secret }), 200);
    const listed = (await ownerCaller.apiKeys.list({ businessId: businessA })).find(
      (row) => row.id === key.key.id,
    );
    expect(listed?.lastUsedAt).toBeInstanceOf(Date);
    expect(listed?.lastUsedIp).toBe("127.0.0.1");
    expect(JSON.stringify(listed)).not.toContain(key.secret.slice(16));

    const rolled = await ownerCaller.apiKeys.roll({ businessId: businessA, apiKeyId: key.key.id });
    expect(rolled.secret).not.toBe(key.secret);
    expectStatus(await call("listInvoices", {}, { key: key.secret }), 401);
    expectStatus(await call("listInvoices", {}, { key: rolled.secret }), 200);

    await ownerCaller.apiKeys.revoke({ businessId: businessA, apiKeyId: key.key.id });
    expectStatus(await call("listInvoices", {}, { key: rolled.secret }), 401);
  });
});
