import { randomUUID } from "node:crypto";
import { apiKeyRequests } from "@kavi/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RequestInfo } from "../context";
import { ApiKeyRequestLog } from "../services/api-key-requests";
import { purgeExpiredAuthData } from "../services/maintenance";
import {
  createBusinessFor,
  createTestHarness,
  MemoryCookieJar,
  refusal,
  type SignedInUser,
  signUpUser,
  type TestHarness,
} from "../testing";
import { createRestApiV1 } from "./handle";
import { REST_OPERATIONS, type RestOperation } from "./operations";

/** Calls made with API keys leave a record as the key (reads too), and deprecated operations retire on time. */

let harness: TestHarness;
let owner: SignedInUser;
let businessId: string;
let keyId: string;
let secret: string;

function requestInfo(authorization: string | null): RequestInfo {
  return {
    requestId: `audit-${randomUUID()}`,
    ip: "198.51.100.20",
    userAgent: "curl/8.5",
    authorization,
    cookies: new MemoryCookieJar(),
    setHeader: () => {},
  };
}

function get(api: ReturnType<typeof createRestApiV1>, path: string, key: string | null = secret) {
  return api.handle({
    method: "GET",
    path,
    query: {},
    body: undefined,
    idempotencyKey: null,
    info: requestInfo(key ? `Bearer ${key}` : null),
  });
}

beforeAll(async () => {
  harness = await createTestHarness();
  owner = await signUpUser(harness, { fullName: "Akinyi Odhiambo" });
  businessId = (await createBusinessFor(owner)).id;
  const created = await owner.caller.apiKeys.create({
    businessId,
    name: "Accounting sync",
    scopes: [{ module: "invoices", access: "read" }],
  });
  keyId = created.key.id;
  secret = created.secret;
});

afterAll(async () => {
  await harness.close();
});

describe("the API key request log", () => {
  it("records every call made with a key, reads and refusals alike, and shows them to the owner", async () => {
    const api = createRestApiV1(harness.services);
    expect((await get(api, `/businesses/${businessId}/invoices`)).status).toBe(200);
    expect((await get(api, `/businesses/${businessId}/budgets`)).status).toBe(403);
    expect((await get(api, "/no-such-thing")).status).toBe(404);
    // A person's own token and a made-up key are not a key's calls.
    expect((await get(api, `/businesses/${businessId}/invoices`, null)).status).toBe(401);
    // The same key over tRPC is recorded too, under the procedure's path.
    const viaTrpc = (await harness.client({ accessToken: secret })).caller;
    await viaTrpc.invoices.list({ businessId, limit: 5 });

    await harness.services.apiKeyRequests.flush();
    const page = await owner.caller.apiKeys.requests({ businessId, apiKeyId: keyId, limit: 10 });
    expect(page.items.map((item) => [item.method, item.path, item.operation, item.status])).toEqual([
      ["GET", "/api/trpc/invoices.list", "invoices.list", 200],
      ["GET", "/api/v1/no-such-thing", null, 404],
      ["GET", `/api/v1/businesses/${businessId}/budgets`, "listBudgets", 403],
      ["GET", `/api/v1/businesses/${businessId}/invoices`, "listInvoices", 200],
    ]);
    expect(page.items[3]).toMatchObject({ ip: "198.51.100.20", requestId: expect.stringMatching(/^audit-/) });
    expect(page.items[3]?.createdAt).toBeInstanceOf(Date);
    expect(page.nextCursor).toBeNull();

    const first = await owner.caller.apiKeys.requests({ businessId, apiKeyId: keyId, limit: 3 });
    expect(first.items).toHaveLength(3);
    const rest = await owner.caller.apiKeys.requests({
      businessId,
      apiKeyId: keyId,
      limit: 3,
      cursor: first.nextCursor,
    });
    expect(rest.items.map((item) => item.operation)).toEqual(["listInvoices"]);
  });

  it("answers another business's key as NOT_FOUND, and is for owners and admins only", async () => {
    const other = await signUpUser(harness, { fullName: "Kiprop Cheruiyot" });
    const otherBusiness = (await createBusinessFor(other)).id;
    const foreign = await refusal(
      other.caller.apiKeys.requests({ businessId: otherBusiness, apiKeyId: keyId, limit: 5 }),
    );
    expect(foreign.code).toBe("NOT_FOUND");
    const asKey = await refusal(
      (await harness.client({ accessToken: secret })).caller.apiKeys.requests({
        businessId,
        apiKeyId: keyId,
        limit: 5,
      }),
    );
    expect(asKey.code).toBe("FORBIDDEN");
  });

  it("writes in batches off the request path, and the nightly purge drops calls older than 90 days", async () => {
    const log = new ApiKeyRequestLog(harness.db, harness.services.logger, {
      flushIntervalMs: 60_000,
      maxBatch: 3,
    });
    const at = new Date("2026-01-05T08:00:00Z");
    const entry = {
      apiKeyId: keyId,
      businessId,
      method: "GET",
      path: "/api/v1/batched",
      operation: "listInvoices",
      status: 200,
      durationMs: 3.4,
      ip: null,
      requestId: null,
      at,
    };
    const batched = () =>
      harness.db.select().from(apiKeyRequests).where(eq(apiKeyRequests.path, "/api/v1/batched"));
    log.record(entry);
    log.record(entry);
    expect(await batched()).toHaveLength(0);
    log.record(entry);
    await log.flush();
    expect(await batched()).toHaveLength(3);
    log.record({ ...entry, at: new Date("2026-03-01T08:00:00Z") });
    await log.flush();
    expect(await batched()).toHaveLength(4);

    const purged = await purgeExpiredAuthData(harness.db, new Date("2026-04-10T00:00:00Z"));
    expect(purged.apiKeyRequests).toBe(3);
    expect(await batched()).toHaveLength(1);
  });
});

describe("a deprecated operation", () => {
  const listInvoices = REST_OPERATIONS.find(
    (operation) => operation.operationId === "listInvoices",
  ) as RestOperation;
  const table: RestOperation[] = [
    {
      ...listInvoices,
      deprecated: {
        since: "2027-01-01T00:00:00Z",
        sunset: "2027-07-01T00:00:00Z",
        successor: "/api/v2/businesses/{businessId}/invoices",
      },
    },
  ];

  function apiAt(date: string) {
    return createRestApiV1({ ...harness.services, now: () => new Date(date) }, table);
  }

  it("answers with Deprecation, Sunset and Link until its sunset", async () => {
    const answer = await get(apiAt("2027-03-15T09:00:00Z"), `/businesses/${businessId}/invoices`);
    expect(answer.status).toBe(200);
    expect(answer.headers).toMatchObject({
      deprecation: "@1798761600",
      sunset: "Thu, 01 Jul 2027 00:00:00 GMT",
      link: '</api/v2/businesses/{businessId}/invoices>; rel="successor-version"',
    });
    // Refusals carry them too: every answer from a deprecated operation does.
    const refused = await get(apiAt("2027-03-15T09:00:00Z"), `/businesses/${businessId}/invoices`, null);
    expect(refused.status).toBe(401);
    expect(refused.headers.sunset).toBe("Thu, 01 Jul 2027 00:00:00 GMT");
  });

  it("answers 410 Gone with the standard error body after its sunset, then 404 three months on", async () => {
    const gone = await get(apiAt("2027-07-01T00:00:00Z"), `/businesses/${businessId}/invoices`);
    expect(gone.status).toBe(410);
    expect(JSON.parse(gone.body)).toEqual({
      error: {
        code: "gone",
        message: expect.stringContaining("/api/v2/businesses/{businessId}/invoices"),
        fields: {},
        requestId: expect.any(String),
      },
    });
    expect(gone.headers.link).toContain("successor-version");
    const removed = await get(apiAt("2027-10-15T00:00:00Z"), `/businesses/${businessId}/invoices`);
    expect(removed.status).toBe(404);
    expect(removed.headers.sunset).toBeUndefined();
  });
});
