import { randomUUID } from "node:crypto";
import { serializeForWire } from "@kavi/domain";
import { createTestDatabase, createTestRedisPrefix, testRun } from "@kavi/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUpOverHttp, startTestServer, type TestServer } from "./testing";

// Two servers on one database and one Redis prefix: the fast GET query path (the default) and tRPC's own
// adapter alone (TRPC_FAST_QUERIES=false). Every GET must get the same status and the same bytes from both.
let fast: TestServer;
let standard: TestServer;
let token: string;
let businessId: string;

beforeAll(async () => {
  const environment = {
    DATABASE_URL: await createTestDatabase(),
    REDIS_URL: testRun().redisUrl,
    REDIS_PREFIX: createTestRedisPrefix(),
    RATE_LIMIT_ANONYMOUS_PER_HOUR: "1000",
  };
  fast = await startTestServer(environment);
  standard = await startTestServer({ ...environment, TRPC_FAST_QUERIES: "false" });
  const signedUp = await signUpOverHttp(fast, {
    fullName: "Achieng Otieno",
    email: `achieng.${randomUUID()}@example.co.ke`,
    password: "Sukuma-Wiki-Na-Ugali-7",
  });
  token = signedUp.accessToken;
  const created = await fetch(`${fast.url}/api/trpc/business.create`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify(
      serializeForWire({
        legalName: "Achieng Hardware Ltd",
        country: "KE",
        baseCurrency: "KES",
        timezone: "Africa/Nairobi",
      }),
    ),
  });
  businessId = ((await created.json()) as { result: { data: { id: string } } }).result.data.id;
});
afterAll(async () => {
  await fast?.close();
  await standard?.close();
});

function query(path: string, input: unknown, batch = false) {
  const search = new URLSearchParams();
  if (batch) search.set("batch", "1");
  if (input !== undefined) search.set("input", typeof input === "string" ? input : JSON.stringify(input));
  const suffix = search.size > 0 ? `?${search}` : "";
  return `/api/trpc/${path}${suffix}`;
}

async function both(path: string, headers: Record<string, string> = {}) {
  const send = async (server: TestServer) => {
    const response = await fetch(`${server.url}${path}`, {
      headers: { "x-request-id": "same-request", ...headers },
    });
    return {
      status: response.status,
      body: await response.text(),
      contentType: response.headers.get("content-type"),
      vary: response.headers.get("vary"),
      rateLimitPolicy: response.headers.get("ratelimit-policy"),
      allow: response.headers.get("allow"),
    };
  };
  return { fast: await send(fast), standard: await send(standard) };
}

const signedIn = () => ({ authorization: `Bearer ${token}` });

describe("GET queries without tRPC's Fetch adapter", () => {
  it("answers a signed-in query exactly as tRPC does, rate-limit headers included", async () => {
    const answers = await both(query("notifications.unreadCount", undefined), signedIn());
    expect(answers.fast.status).toBe(200);
    expect(answers.fast.body).toBe('{"result":{"data":0}}');
    expect(answers.fast).toEqual(answers.standard);
    expect(answers.fast.rateLimitPolicy).toMatch(/;w=3600$/);
  });

  it("answers a business's list the same, and another business's id NOT_FOUND the same", async () => {
    const own = await both(
      query("transactions.list", serializeForWire({ businessId, limit: 10, sort: "date_desc" })),
      signedIn(),
    );
    expect(own.fast.status).toBe(200);
    expect(own.fast).toEqual(own.standard);
    const foreign = await both(
      query("transactions.list", serializeForWire({ businessId: randomUUID(), limit: 10 })),
      signedIn(),
    );
    expect(foreign.fast.status).toBe(404);
    expect(foreign.fast).toEqual(foreign.standard);
  });

  it("answers a batch with mixed outcomes (207) the same", async () => {
    const answers = await both(
      query(
        "notifications.unreadCount,transactions.list,transactions.list",
        { 1: serializeForWire({ businessId }), 2: serializeForWire({ businessId: randomUUID() }) },
        true,
      ),
      signedIn(),
    );
    expect(answers.fast.status).toBe(207);
    expect(answers.fast).toEqual(answers.standard);
  });

  it("answers odd and refused requests as tRPC does, with the same errors", async () => {
    const cases = [
      // Signed out, and with a token that is not one.
      [query("notifications.unreadCount", undefined), {}],
      [query("notifications.unreadCount", undefined), { authorization: "Bearer not-a-token" }],
      // Input the schema refuses (field errors), input that is not JSON, a batch whose input is an array (tRPC
      // reads it by index and the procedure ignores it: a 200 from both).
      [query("transactions.list", serializeForWire({ businessId: "nope" })), signedIn()],
      [query("transactions.list", "{not json"), signedIn()],
      [query("notifications.unreadCount", "[1]", true), signedIn()],
      // No such procedure, a mutation over GET, a batch over the limit, and an empty path.
      [query("transactions.nothingHere", undefined), signedIn()],
      [query("notifications.markAllRead", undefined), signedIn()],
      [query(Array.from({ length: 21 }, () => "notifications.unreadCount").join(","), {}, true), signedIn()],
      ["/api/trpc/", signedIn()],
    ] as const;
    for (const [path, headers] of cases) {
      const answers = await both(path, headers);
      expect(answers.fast.status, path).toBeLessThan(500);
      expect(answers.fast, path).toEqual(answers.standard);
    }
  });
});
