import { randomUUID } from "node:crypto";
import { appRouter } from "@kavi/api";
import { REST_OPERATIONS, type RestOperation } from "@kavi/api/rest-v1";
import { SANDBOX_STK_PASSKEY } from "@kavi/daraja";
import { type DarajaSimulator, startDarajaSimulator } from "@kavi/daraja/simulator";
import { mpesaPaymentRequests } from "@kavi/db";
import { API_KEY_MODULES, type ApiKeyModule, PERMISSIONS, type Permission } from "@kavi/domain";
import { createTestDatabase, createTestRedisPrefix, testRun } from "@kavi/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerWithToken, signUpOverHttp, startTestServer, type TestServer } from "../testing";
import { SANDBOX_SHORTCODE } from "../webhooks/mpesa-testbed";

/**
 * The REST v1 contract, operation by operation, over HTTP with API keys. One table below (CONTRACTS) gives each
 * operation of REST_OPERATIONS a minimal valid call and an invalid one; everything else is derived from the
 * operation itself: its business taken from another business's id (404), its path ids taken from another
 * business's entities (404), its procedure's permission refused to a key without that scope (403), and, for
 * every POST that creates (201), an Idempotency-Key replayed (same response) and reused for another body (409).
 * An operation added to REST_OPERATIONS without a row here fails the first test.
 */

type Json = Record<string, unknown> & {
  error?: { code: string; message: string; fields: Record<string, string[]> };
};

interface Call {
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
}

/** What the contract needs of business A (the caller's) and business B (someone else's). */
interface Fixture {
  categoryId: string;
  customerId: string;
  transactionId: string;
  /** A draft invoice of A that stays a draft. */
  draftInvoiceId: string;
  /** An issued invoice of A with something still due. */
  openInvoiceId: string;
  budgetId: string;
  paymentRequestId: string;
  /** The same kinds of ids, in business B. */
  ofB: Record<string, string>;
  /** A's owner, to make fresh entities for the operations that use theirs up (delete, void, issue). */
  fresh: {
    transaction(): Promise<string>;
    draftInvoice(): Promise<string>;
    openInvoice(): Promise<string>;
    budget(month: string): Promise<string>;
  };
}

interface Contract {
  /** A minimal call that succeeds with the operation's documented status. */
  valid: (fixture: Fixture) => Call | Promise<Call>;
  /** A call the procedure's validation refuses with 400, and a field it names. */
  invalid: (fixture: Fixture) => Call & { field: string };
}

/** A month no budget has yet: 2030-01, 2030-02, … */
let months = 0;
function nextMonth() {
  months += 1;
  return `${2030 + Math.floor(months / 12)}-${String((months % 12) + 1).padStart(2, "0")}`;
}

const lines = [{ description: "Sukuma wiki, bunch", quantity: "12", unitPrice: "30.00" }];

const CONTRACTS: Record<string, Contract> = {
  getBusiness: {
    valid: () => ({}),
    // The only input is the path's business id.
    invalid: () => ({ params: { businessId: "not-an-id" }, field: "businessId" }),
  },
  listCategories: {
    valid: () => ({ query: { kind: "expense" } }),
    invalid: () => ({ query: { kind: "gifts" }, field: "kind" }),
  },
  listTransactions: {
    valid: () => ({ query: { limit: "5" } }),
    invalid: () => ({ query: { limit: "0" }, field: "limit" }),
  },
  createTransaction: {
    valid: (f) => ({
      body: { type: "expense", amount: "1500.50", categoryId: f.categoryId, transactionDate: "2026-11-02" },
    }),
    invalid: (f) => ({
      body: { type: "expense", amount: "abc", categoryId: f.categoryId, transactionDate: "2026-11-02" },
      field: "amount",
    }),
  },
  getTransactionSummary: {
    valid: () => ({ query: { from: "2026-11-01", to: "2026-11-30" } }),
    invalid: () => ({ query: { from: "1 November", to: "2026-11-30" }, field: "from" }),
  },
  getTransaction: {
    valid: (f) => ({ params: { transactionId: f.transactionId } }),
    invalid: () => ({ params: { transactionId: "not-an-id" }, field: "transactionId" }),
  },
  updateTransaction: {
    valid: (f) => ({
      params: { transactionId: f.transactionId },
      body: { type: "expense", amount: "2000", categoryId: f.categoryId, transactionDate: "2026-11-03" },
    }),
    invalid: (f) => ({
      params: { transactionId: f.transactionId },
      body: { type: "gift", amount: "2000", transactionDate: "2026-11-03" },
      field: "type",
    }),
  },
  deleteTransaction: {
    valid: async (f) => ({ params: { transactionId: await f.fresh.transaction() } }),
    invalid: () => ({ params: { transactionId: "not-an-id" }, field: "transactionId" }),
  },
  getAnalyticsSeries: {
    valid: () => ({ query: { from: "2026-01-01", to: "2026-12-31", granularity: "month" } }),
    invalid: () => ({
      query: { from: "2026-01-01", to: "2026-12-31", granularity: "fortnight" },
      field: "granularity",
    }),
  },
  getAnalyticsByCategory: {
    valid: () => ({ query: { from: "2026-11-01", to: "2026-11-30", type: "expense" } }),
    invalid: () => ({ query: { from: "2026-11-01", to: "2026-11-30", type: "gift" }, field: "type" }),
  },
  getDashboard: {
    valid: () => ({ query: { period: "last_12_months" } }),
    invalid: () => ({ query: { period: "forever" }, field: "period" }),
  },
  getCashFlow: {
    valid: () => ({ query: { from: "2026-11-01", to: "2026-11-30" } }),
    invalid: () => ({ query: { from: "2026-13-01", to: "2026-11-30" }, field: "from" }),
  },
  listCustomers: {
    valid: () => ({ query: { limit: "5" } }),
    invalid: () => ({ query: { limit: "1000" }, field: "limit" }),
  },
  createCustomer: {
    valid: () => ({ body: { name: "Mama Mboga Kiosk" } }),
    invalid: () => ({ body: { name: "" }, field: "name" }),
  },
  getCustomer: {
    valid: (f) => ({ params: { customerId: f.customerId } }),
    invalid: () => ({ params: { customerId: "not-an-id" }, field: "customerId" }),
  },
  updateCustomer: {
    valid: (f) => ({ params: { customerId: f.customerId }, body: { name: "Mama Mboga Ltd" } }),
    invalid: (f) => ({ params: { customerId: f.customerId }, body: { name: "" }, field: "name" }),
  },
  listInvoices: {
    valid: () => ({ query: { status: "open", limit: "5" } }),
    invalid: () => ({ query: { status: "lost" }, field: "status" }),
  },
  createInvoice: {
    valid: (f) => ({ body: { customerId: f.customerId, lines } }),
    invalid: (f) => ({ body: { customerId: f.customerId, lines: [] }, field: "lines" }),
  },
  getInvoice: {
    valid: (f) => ({ params: { invoiceId: f.openInvoiceId } }),
    invalid: () => ({ params: { invoiceId: "not-an-id" }, field: "invoiceId" }),
  },
  updateInvoice: {
    valid: (f) => ({ params: { invoiceId: f.draftInvoiceId }, body: { customerId: f.customerId, lines } }),
    invalid: (f) => ({
      params: { invoiceId: f.draftInvoiceId },
      body: { customerId: f.customerId, lines: [{ description: "Delivery", quantity: "1", unitPrice: "x" }] },
      field: "lines.0.unitPrice",
    }),
  },
  deleteInvoice: {
    valid: async (f) => ({ params: { invoiceId: await f.fresh.draftInvoice() } }),
    invalid: () => ({ params: { invoiceId: "not-an-id" }, field: "invoiceId" }),
  },
  issueInvoice: {
    valid: async (f) => ({ params: { invoiceId: await f.fresh.draftInvoice() } }),
    invalid: () => ({ params: { invoiceId: "not-an-id" }, field: "invoiceId" }),
  },
  sendInvoice: {
    valid: (f) => ({ params: { invoiceId: f.openInvoiceId }, body: { to: "kibanda@example.co.ke" } }),
    invalid: (f) => ({ params: { invoiceId: f.openInvoiceId }, body: { to: "not-an-email" }, field: "to" }),
  },
  voidInvoice: {
    valid: async (f) => ({
      params: { invoiceId: await f.fresh.openInvoice() },
      body: { reason: "Cancelled" },
    }),
    invalid: (f) => ({ params: { invoiceId: f.openInvoiceId }, body: { reason: "" }, field: "reason" }),
  },
  recordInvoicePayment: {
    valid: (f) => ({ params: { invoiceId: f.openInvoiceId }, body: { amount: "10.00", method: "cash" } }),
    invalid: (f) => ({
      params: { invoiceId: f.openInvoiceId },
      body: { amount: "abc", method: "cash" },
      field: "amount",
    }),
  },
  requestMpesaPayment: {
    valid: async (f) => ({
      params: { invoiceId: await f.fresh.openInvoice() },
      body: { phone: "0712345678" },
    }),
    invalid: (f) => ({
      params: { invoiceId: f.openInvoiceId },
      body: { phone: "0712345678", amount: "ten" },
      field: "amount",
    }),
  },
  getMpesaRequest: {
    valid: (f) => ({ params: { paymentRequestId: f.paymentRequestId } }),
    invalid: () => ({ params: { paymentRequestId: "not-an-id" }, field: "paymentRequestId" }),
  },
  listMpesaPayments: {
    valid: () => ({ query: { limit: "5" } }),
    invalid: () => ({ query: { limit: "-1" }, field: "limit" }),
  },
  listBudgets: {
    valid: () => ({ query: { month: "2026-11" } }),
    invalid: () => ({ query: { month: "November" }, field: "month" }),
  },
  createBudget: {
    // A month of its own each time: a category has one budget a month.
    valid: (f) => ({ body: { categoryId: f.categoryId, month: nextMonth(), amount: "20000" } }),
    invalid: (f) => ({ body: { categoryId: f.categoryId, month: "2027-01", amount: "-5" }, field: "amount" }),
  },
  updateBudget: {
    valid: (f) => ({ params: { budgetId: f.budgetId }, body: { amount: "25000" } }),
    invalid: (f) => ({ params: { budgetId: f.budgetId }, body: { amount: "lots" }, field: "amount" }),
  },
  deleteBudget: {
    valid: async (f) => ({ params: { budgetId: await f.fresh.budget(nextMonth()) } }),
    invalid: () => ({ params: { budgetId: "not-an-id" }, field: "budgetId" }),
  },
  askKavi: {
    valid: () => ({ body: { message: "How much did we spend this month?" } }),
    invalid: () => ({ body: { message: "" }, field: "message" }),
  },
};

let server: TestServer;
let simulator: DarajaSimulator;
let businessA: string;
let businessB: string;
let ownerToken: string;
let writeKey: string;
let fixture: Fixture;
const keysByScopes = new Map<string, string>();

/** Every case this file ran, by operation: the report of which contract cases each operation has. */
const covered = new Map<string, Set<string>>();
function cover(operationId: string, kind: string) {
  covered.set(operationId, (covered.get(operationId) ?? new Set()).add(kind));
}

async function call(
  operation: RestOperation,
  request: Call,
  options: { key?: string; idempotencyKey?: string } = {},
) {
  const params: Record<string, string> = { businessId: businessA, ...request.params };
  const path = operation.path.replace(/\{(\w+)\}/g, (_match, name: string) => {
    const value = params[name];
    if (!value) throw new Error(`${operation.operationId} needs ${name}`);
    return encodeURIComponent(value);
  });
  const query = request.query ? `?${new URLSearchParams(request.query)}` : "";
  const response = await fetch(`${server.url}/api/v1${path}${query}`, {
    method: operation.method.toUpperCase(),
    headers: {
      authorization: `Bearer ${options.key ?? writeKey}`,
      ...(request.body !== undefined ? { "content-type": "application/json" } : {}),
      ...(options.idempotencyKey ? { "idempotency-key": options.idempotencyKey } : {}),
    },
    ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, response, text, body: JSON.parse(text) as Json };
}

function expectStatus(result: { status: number; text: string }, status: number, what: string) {
  expect(result.status, `${what}: ${result.text}`).toBe(status);
}

/** The permission behind an operation: its procedure's, from the router (the single source of truth). */
function requirementOf(operation: RestOperation) {
  const procedures = appRouter._def.procedures as unknown as Record<
    string,
    { _def: { meta?: { permission?: string } } }
  >;
  const permission = procedures[operation.procedure]?._def.meta?.permission;
  if (!permission) throw new Error(`${operation.procedure} has no permission`);
  return PERMISSIONS[permission as Permission];
}

/**
 * A key of business A that lacks exactly what the operation needs: a write operation gets read on every module
 * (its own included), a read operation gets write on every module but its own. Null when the operation needs no
 * module (any key of the business may call it).
 */
async function keyWithout(operation: RestOperation): Promise<string | null> {
  const { module, access } = requirementOf(operation);
  if (module === null) return null;
  const needed: readonly string[] = typeof module === "string" ? [module] : module;
  const scopes =
    access === "read"
      ? API_KEY_MODULES.filter((name) => !needed.includes(name)).map((name) => ({
          module: name as ApiKeyModule,
          access: "write" as const,
        }))
      : API_KEY_MODULES.map((name) => ({ module: name, access: "read" as const }));
  const cacheKey = JSON.stringify(scopes);
  const cached = keysByScopes.get(cacheKey);
  if (cached) return cached;
  const owner = await callerWithToken(server, ownerToken, "api-v1-contract");
  const { secret } = await owner.apiKeys.create({ businessId: businessA, name: "Narrow", scopes });
  keysByScopes.set(cacheKey, secret);
  return secret;
}

beforeAll(async () => {
  // The M-Pesa prompt goes to the Daraja simulator; its callback is not this test's business.
  simulator = await startDarajaSimulator({ port: 0, callbackDelayMs: 60_000 });
  server = await startTestServer({
    DATABASE_URL: await createTestDatabase(),
    REDIS_URL: testRun().redisUrl,
    REDIS_PREFIX: createTestRedisPrefix(),
    RATE_LIMIT_ANONYMOUS_PER_HOUR: "1000",
    DARAJA_BASE_URL: simulator.url,
    MPESA_STK_PER_PHONE_PER_MINUTE: "1000",
  });
  const everyScope = API_KEY_MODULES.map((module) => ({ module, access: "write" as const }));
  const setUp = async (fullName: string, legalName: string) => {
    const person = await signUpOverHttp(server, {
      fullName,
      email: `api.contract.${randomUUID()}@example.co.ke`,
      password: "Mandazi-Na-Chai-Ya-Saa-4",
    });
    const caller = await callerWithToken(server, person.accessToken, "api-v1-contract");
    const business = await caller.business.create({
      legalName,
      country: "KE",
      baseCurrency: "KES",
      timezone: "Africa/Nairobi",
    });
    const inBusiness = { businessId: business.id };
    const rent = (await caller.categories.list({ ...inBusiness })).find(
      (category) => category.systemKey === "rent",
    );
    const categoryId = String(rent?.id);
    const customerId = (await caller.customers.create({ ...inBusiness, name: "Kibanda Cafe" })).id;
    const fresh = {
      transaction: async () =>
        (
          await caller.transactions.create({
            ...inBusiness,
            type: "expense",
            amount: "1500",
            categoryId,
            transactionDate: "2026-11-02",
          })
        ).id,
      draftInvoice: async () => (await caller.invoices.create({ ...inBusiness, customerId, lines })).id,
      openInvoice: async () => {
        const invoiceId = (await caller.invoices.create({ ...inBusiness, customerId, lines })).id;
        await caller.invoices.issue({ ...inBusiness, invoiceId });
        return invoiceId;
      },
      budget: async (month: string) =>
        String((await caller.budgets.create({ ...inBusiness, categoryId, month, amount: "20000" }))[0]?.id),
    };
    // M-Pesa requests need Daraja to be made; the contract only needs one to read, so it is written directly.
    const [request] = await server.resources.services.db
      .insert(mpesaPaymentRequests)
      .values({
        businessId: business.id,
        phone: "254712345678",
        amountMinor: 10_000n,
        accountReference: "CONTRACT",
        description: "Invoice",
      })
      .returning({ id: mpesaPaymentRequests.id });
    const ids = {
      categoryId,
      customerId,
      transactionId: await fresh.transaction(),
      draftInvoiceId: await fresh.draftInvoice(),
      openInvoiceId: await fresh.openInvoice(),
      budgetId: await fresh.budget("2026-11"),
      paymentRequestId: String(request?.id),
    };
    const { secret } = await caller.apiKeys.create({ ...inBusiness, name: "Contract", scopes: everyScope });
    return { person, business, ids, fresh, secret };
  };
  const a = await setUp("Wanjiru Kamau", "Wanjiru Greens Ltd");
  const b = await setUp("Otieno Ouma", "Ouma Fish Traders");
  const ownerOfA = await callerWithToken(server, a.person.accessToken, "api-v1-contract");
  await ownerOfA.mpesa.settings.save({
    businessId: a.business.id,
    accountType: "paybill",
    shortcode: SANDBOX_SHORTCODE,
    environment: "sandbox",
    consumerKey: `contract-${randomUUID()}`,
    consumerSecret: "contract-consumer-secret",
    passkey: SANDBOX_STK_PASSKEY,
    c2bValidation: "accept_all",
  });
  businessA = a.business.id;
  businessB = b.business.id;
  ownerToken = a.person.accessToken;
  writeKey = a.secret;
  fixture = {
    ...a.ids,
    ofB: { ...b.ids, invoiceId: b.ids.openInvoiceId },
    fresh: a.fresh,
  };
});

afterAll(async () => {
  await server?.close();
  await simulator?.close();
});

const creates = REST_OPERATIONS.filter(
  (operation) => operation.method === "post" && operation.status === 201,
);
const table = REST_OPERATIONS.map((operation) => [operation.operationId, operation] as const);

describe("the contract table", () => {
  it("has a valid and an invalid call for every REST v1 operation, and nothing else", () => {
    const ids = REST_OPERATIONS.map((operation) => operation.operationId);
    expect(
      ids.filter((id) => !CONTRACTS[id]),
      "operations without a row in CONTRACTS",
    ).toEqual([]);
    expect(
      Object.keys(CONTRACTS).filter((id) => !ids.includes(id)),
      "rows in CONTRACTS for no operation",
    ).toEqual([]);
  });
});

describe.each(table)("%s", (operationId, operation) => {
  const contract = () => CONTRACTS[operationId] as Contract;

  it("succeeds with a minimal valid call", async () => {
    const result = await call(operation, await contract().valid(fixture));
    expectStatus(result, operation.status, "happy path");
    cover(operationId, "happy");
  });

  it("answers invalid input with 400 and the field in { error: { code, message, fields } }", async () => {
    const { field, ...request } = contract().invalid(fixture);
    const result = await call(operation, request);
    expectStatus(result, 400, "invalid input");
    expect(result.body.error).toMatchObject({ code: "bad_request", message: expect.any(String) });
    expect(Object.keys(result.body.error?.fields ?? {}), result.text).toContain(field);
    cover(operationId, "400");
  });

  it("refuses a key without the operation's scope with 403", async () => {
    const key = await keyWithout(operation);
    const result = await call(operation, await contract().valid(fixture), key ? { key } : {});
    if (key === null) {
      // No module behind it: any key of the business may call it.
      expectStatus(result, operation.status, "no scope needed");
      cover(operationId, "403 n/a (no module)");
      return;
    }
    expectStatus(result, 403, "missing scope");
    expect(result.body.error?.code).toBe("forbidden");
    cover(operationId, "403");
  });

  it("answers another business's id with 404, and its entities (in the path or the body) with 404", async () => {
    const request = await contract().valid(fixture);
    const foreignBusiness = await call(operation, {
      ...request,
      params: { ...request.params, businessId: businessB },
    });
    expectStatus(foreignBusiness, 404, "business B's id");
    expect(foreignBusiness.body.error?.code).toBe("not_found");
    cover(operationId, "404 business");
    // Ids in the body (a customer, a category) that belong to business B are refused the same way.
    const body = (request.body ?? null) as Record<string, unknown> | null;
    const bodyIds =
      body !== null
        ? Object.keys(body).filter(
            (name) => fixture.ofB[name] !== undefined && !(name in (request.params ?? {})),
          )
        : [];
    if (bodyIds.length > 0) {
      const foreignBody = await call(operation, {
        ...request,
        body: { ...body, ...Object.fromEntries(bodyIds.map((name) => [name, fixture.ofB[name]])) },
      });
      expectStatus(foreignBody, 404, `business B's ${bodyIds.join(", ")} in the body`);
      expect(foreignBody.body.error?.code).toBe("not_found");
      cover(operationId, "404 body id");
    }
    const entityParams = Object.keys(request.params ?? {}).filter((name) => name !== "businessId");
    if (entityParams.length === 0) return;
    const params = Object.fromEntries(
      entityParams.map((name) => {
        const ofB = fixture.ofB[name];
        if (!ofB) throw new Error(`no business B ${name} in the fixture`);
        return [name, ofB];
      }),
    );
    const foreignEntity = await call(operation, { ...request, params });
    expectStatus(foreignEntity, 404, `business B's ${entityParams.join(", ")}`);
    expect(foreignEntity.body.error?.code).toBe("not_found");
    cover(operationId, "404 entity");
  });
});

describe.each(creates.map((operation) => [operation.operationId, operation] as const))(
  "%s (creates)",
  (operationId, operation) => {
    it("replays the first response for the same Idempotency-Key and body, and refuses another body with 409", async () => {
      const contract = CONTRACTS[operationId] as Contract;
      const idempotencyKey = randomUUID();
      const request = await contract.valid(fixture);
      const first = await call(operation, request, { idempotencyKey });
      expectStatus(first, operation.status, "first");
      const again = await call(operation, request, { idempotencyKey });
      expectStatus(again, operation.status, "replay");
      expect(again.text).toBe(first.text);
      expect(again.response.headers.get("idempotent-replayed")).toBe("true");
      const { field: _field, ...other } = contract.invalid(fixture);
      const conflict = await call(operation, other, { idempotencyKey });
      expectStatus(conflict, 409, "another body");
      expect(conflict.body.error?.code).toBe("idempotency_conflict");
      cover(operationId, "idempotency");
    });
  },
);

describe("coverage", () => {
  it("ran every case of every operation", () => {
    const report = Object.fromEntries(
      REST_OPERATIONS.map((operation) => [
        operation.operationId,
        [...(covered.get(operation.operationId) ?? [])],
      ]),
    );
    for (const operation of REST_OPERATIONS) {
      const kinds = report[operation.operationId] ?? [];
      expect(kinds, operation.operationId).toEqual(expect.arrayContaining(["happy", "400", "404 business"]));
      expect(
        kinds.some((kind) => kind.startsWith("403")),
        operation.operationId,
      ).toBe(true);
      if (operation.method === "post" && operation.status === 201)
        expect(kinds, operation.operationId).toContain("idempotency");
    }
    if (process.env.CONTRACT_REPORT) process.stdout.write(`${JSON.stringify(report)}\n`);
  });
});
