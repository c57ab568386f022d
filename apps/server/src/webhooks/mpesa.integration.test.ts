import { MAX_INSERTS_IN_FLIGHT } from "@kavi/api/services";
import { SANDBOX_STK_PASSKEY } from "@kavi/daraja";
import { mpesaCallbacks } from "@kavi/db";
import { CALLBACKS_PER_JOB, callbacksOfJob, ZCallbackJobSchema } from "@kavi/jobs";
import { createTestDatabase, createTestRedisPrefix, testRun } from "@kavi/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { signUpOverHttp, startTestServer, type TestServer } from "../testing";

const PASSWORD = "Chapati-Na-Maharagwe-9";

async function trpc<T>(server: TestServer, path: string, input: unknown, token?: string): Promise<T> {
  const response = await fetch(`${server.url}/api/trpc/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(input),
  });
  const body = (await response.json()) as { result?: { data: T }; error?: unknown };
  if (!body.result) throw new Error(`${path} failed: ${JSON.stringify(body.error)}`);
  return body.result.data;
}

/** Signs up, creates a business and saves its M-Pesa settings, all over HTTP; returns the callback URLs. */
async function businessWithMpesa(server: TestServer, email: string) {
  const { accessToken } = await signUpOverHttp(server, {
    fullName: "Amina Wanjiru",
    email,
    password: PASSWORD,
  });
  const business = await trpc<{ id: string }>(
    server,
    "business.create",
    {
      legalName: `Webhook Traders ${email.length} Ltd`,
      country: "KE",
      baseCurrency: "KES",
      timezone: "Africa/Nairobi",
    },
    accessToken,
  );
  const settings = await trpc<{ callbackUrls: Record<string, string> }>(
    server,
    "mpesa.settings.save",
    {
      businessId: business.id,
      accountType: "paybill",
      shortcode: "174379",
      environment: "sandbox",
      consumerKey: "key-0001",
      consumerSecret: "secret-0001",
      passkey: SANDBOX_STK_PASSKEY,
    },
    accessToken,
  );
  // The URLs name API_PUBLIC_URL; the test server listens on an ephemeral port.
  const urls = Object.fromEntries(
    Object.entries(settings.callbackUrls).map(([name, url]) => [
      name,
      `${server.url}${new URL(url).pathname}`,
    ]),
  );
  return { businessId: business.id, urls, accessToken };
}

function post(url: string, body: unknown, raw?: string) {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: raw ?? JSON.stringify(body),
  });
}

const stkCallback = (checkoutRequestId: string) => ({
  Body: {
    stkCallback: {
      MerchantRequestID: "29115-34620561-1",
      CheckoutRequestID: checkoutRequestId,
      ResultCode: 1032,
      ResultDesc: "Request cancelled by user",
    },
  },
});

const c2bBody = (transId: string) => ({
  TransactionType: "Pay Bill",
  TransID: transId,
  TransTime: "20261121121325",
  TransAmount: "500.00",
  BusinessShortCode: "174379",
  BillRefNumber: "INV-0042",
  InvoiceNumber: "",
  OrgAccountBalance: "",
  ThirdPartyTransID: "",
  MSISDN: "2547 ***** 126",
  FirstName: "NICHOLAS",
  MiddleName: "",
  LastName: "",
});

describe("M-Pesa webhooks over HTTP", () => {
  let server: TestServer;
  let urls: Record<string, string>;
  let businessId: string;

  beforeAll(async () => {
    server = await startTestServer({
      DATABASE_URL: await createTestDatabase(),
      REDIS_URL: testRun().redisUrl,
      REDIS_PREFIX: createTestRedisPrefix(),
      RATE_LIMIT_ANONYMOUS_PER_HOUR: "1000",
    });
    ({ urls, businessId } = await businessWithMpesa(server, "webhooks@example.co.ke"));
  });
  afterAll(async () => {
    await server.close();
  });

  async function storedFor(kind: string) {
    return server.resources.database.db
      .select()
      .from(mpesaCallbacks)
      .where(eq(mpesaCallbacks.businessId, businessId))
      .then((rows) => rows.filter((row) => row.kind === kind));
  }

  it("registers callback URLs Daraja accepts (no 'mpesa' in them) under the business's token", () => {
    for (const url of Object.values(urls)) {
      expect(url).toMatch(/\/api\/webhooks\/daraja\/[A-Za-z0-9_-]{40,}\//);
      expect(url.toLowerCase()).not.toContain("mpesa");
    }
  });

  it("stores, enqueues and acknowledges; a duplicate is acknowledged alike and stored once", async () => {
    const body = stkCallback("ws_CO_duplicate_1");
    const first = await post(urls.stk as string, body);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ ResultCode: 0, ResultDesc: "Accepted" });
    const second = await post(urls.stk as string, body);
    expect(second.status).toBe(200);
    expect(await second.json()).toEqual({ ResultCode: 0, ResultDesc: "Accepted" });
    const stored = (await storedFor("stk")).filter((row) => row.dedupeKey.startsWith("ws_CO_duplicate_1:"));
    expect(stored).toHaveLength(1);
    expect(stored[0]?.rawBody).toBe(JSON.stringify(body));
    const job = await server.resources.jobs.queue("mpesa").getJob(`mpesa-callback-${stored[0]?.id}`);
    expect(job?.name).toBe("mpesa.process-callback");
  });

  it("echoes a request id like every other route, even outside the Express stack", async () => {
    const response = await fetch(urls.stk as string, {
      method: "POST",
      headers: { "content-type": "application/json", "x-request-id": "daraja-retry-7" },
      body: JSON.stringify(stkCallback("ws_CO_request_id")),
    });
    expect(response.headers.get("x-request-id")).toBe("daraja-retry-7");
    const generated = await post(urls.stk as string, stkCallback("ws_CO_request_id_2"));
    expect(generated.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("answers the same handlers under /api/webhooks/mpesa/… (the paths the issue names)", async () => {
    const alias = (urls.c2bConfirmation as string).replace("/webhooks/daraja/", "/webhooks/mpesa/");
    const response = await post(alias, c2bBody("RKL51ZDR4F"));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ResultCode: 0, ResultDesc: "Success" });
    expect((await storedFor("c2b_confirmation")).map((row) => row.dedupeKey)).toContain("RKL51ZDR4F");
  });

  it("keeps a C2B validation and its confirmation apart although they share the TransID", async () => {
    const validation = await post(urls.c2bValidation as string, c2bBody("RKL51ZDR4G"));
    expect(await validation.json()).toEqual({ ResultCode: "0", ResultDesc: "Accepted" });
    await post(urls.c2bConfirmation as string, c2bBody("RKL51ZDR4G"));
    expect((await storedFor("c2b_validation")).some((row) => row.dedupeKey === "RKL51ZDR4G")).toBe(true);
    expect((await storedFor("c2b_confirmation")).some((row) => row.dedupeKey === "RKL51ZDR4G")).toBe(true);
  });

  it("writes a burst in a few group commits, at most MAX_INSERTS_IN_FLIGHT at once; each 200 only once its row is stored", async () => {
    const pool = server.resources.database.pool;
    const query = pool.query.bind(pool) as (...args: unknown[]) => Promise<unknown>;
    let inFlight = 0;
    let mostInFlight = 0;
    let inserts = 0;
    // Observes the writer's INSERTs on the real pool (and passes everything through unchanged).
    const spy = vi.spyOn(pool, "query").mockImplementation(((...args: unknown[]) => {
      const statement = args[0] as { name?: string } | undefined;
      if (statement?.name !== "mpesa-callbacks-insert") return query(...args);
      inserts += 1;
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      return query(...args).finally(() => {
        inFlight -= 1;
      });
    }) as typeof pool.query);
    try {
      const ids = Array.from({ length: 60 }, (_, index) => `ws_CO_burst_${index}`);
      // Every callback twice, all at once, as a pay-day burst with Daraja's re-sends.
      const replies = await Promise.all(
        [...ids, ...ids].map(async (checkoutRequestId) => {
          const response = await post(urls.stk as string, stkCallback(checkoutRequestId));
          const storedNow = await server.resources.database.pool.query(
            "select 1 from mpesa_callbacks where business_id = $1 and dedupe_key like $2",
            [businessId, `${checkoutRequestId}:%`],
          );
          return { status: response.status, stored: storedNow.rowCount };
        }),
      );
      expect(replies.every((reply) => reply.status === 200 && reply.stored === 1)).toBe(true);
      expect(mostInFlight).toBeGreaterThanOrEqual(1);
      expect(mostInFlight).toBeLessThanOrEqual(MAX_INSERTS_IN_FLIGHT);
      expect(inserts).toBeLessThan(ids.length * 2);
      const stored = (await storedFor("stk")).filter((row) => row.dedupeKey.startsWith("ws_CO_burst_"));
      expect(stored).toHaveLength(ids.length);
      // Every stored callback is carried by exactly one job, and the burst is a few jobs, not one per payment.
      const queue = server.resources.jobs.queue("mpesa");
      const jobs = (
        await queue.getJobs(["waiting", "prioritized", "delayed", "active", "completed", "failed"])
      )
        .filter((job) => job.name === "mpesa.process-callback")
        .map((job) => callbacksOfJob(ZCallbackJobSchema.parse(job.data)))
        .filter((carried) => carried.some((id) => stored.some((row) => row.id === id)));
      expect(jobs.flat().sort()).toEqual(stored.map((row) => row.id).sort());
      expect(jobs.length).toBeLessThan(stored.length);
      expect(Math.max(...jobs.map((carried) => carried.length))).toBeLessThanOrEqual(CALLBACKS_PER_JOB);
    } finally {
      spy.mockRestore();
    }
  });

  it("answers an unknown token with 404 and stores nothing", async () => {
    const before = (await server.resources.database.db.select().from(mpesaCallbacks)).length;
    const unknown = (urls.stk as string).replace(/daraja\/[^/]+\//, `daraja/${"x".repeat(43)}/`);
    const response = await post(unknown, stkCallback("ws_CO_unknown"));
    expect(response.status).toBe(404);
    expect((await post(`${urls.stk}/not-a-uuid`, stkCallback("ws_CO_x"))).status).toBe(404);
    expect((await server.resources.database.db.select().from(mpesaCallbacks)).length).toBe(before);
  });

  it("answers an unreadable body with 400 and stores nothing", async () => {
    const before = (await server.resources.database.db.select().from(mpesaCallbacks)).length;
    expect((await post(urls.stk as string, null, "{not json")).status).toBe(400);
    const missingId = await post(urls.stk as string, { Body: { stkCallback: { ResultCode: 0 } } });
    expect(missingId.status).toBe(400);
    expect(await missingId.json()).toMatchObject({ error: "unreadable_callback" });
    expect((await post(urls.b2cResult as string, { Result: {} })).status).toBe(400);
    expect((await server.resources.database.db.select().from(mpesaCallbacks)).length).toBe(before);
  });
});

describe("M-Pesa webhooks while Redis is down", () => {
  it("still stores and acknowledges every callback, never a 5xx", async () => {
    const working = await startTestServer({
      DATABASE_URL: await createTestDatabase(),
      REDIS_URL: testRun().redisUrl,
      REDIS_PREFIX: createTestRedisPrefix(),
      RATE_LIMIT_ANONYMOUS_PER_HOUR: "1000",
    });
    const databaseUrl = working.env.databaseUrl;
    const { urls: workingUrls } = await businessWithMpesa(working, "outage@example.co.ke");
    await working.close();
    const broken = await startTestServer(
      { DATABASE_URL: databaseUrl, REDIS_URL: "redis://127.0.0.1:6", REDIS_PREFIX: createTestRedisPrefix() },
      { waitForRedis: false },
    );
    const urls = Object.fromEntries(
      Object.entries(workingUrls).map(([name, url]) => [name, `${broken.url}${new URL(url).pathname}`]),
    );
    try {
      const started = performance.now();
      const replies = await Promise.all(
        Array.from({ length: 5 }, (_, index) =>
          post(urls.stk as string, stkCallback(`ws_CO_outage_${index}`)),
        ),
      );
      expect(replies.map((reply) => reply.status)).toEqual([200, 200, 200, 200, 200]);
      // The producer fails fast: acknowledging does not wait on Redis.
      expect(performance.now() - started).toBeLessThan(5_000);
      const stored = await broken.resources.database.db.select().from(mpesaCallbacks);
      expect(
        stored.filter((row) => row.dedupeKey.startsWith("ws_CO_outage_") && row.processedAt === null),
      ).toHaveLength(5);
    } finally {
      await broken.close();
    }
  });
});
