import { createTestDatabase, createTestRedisPrefix, testRun } from "@kavi/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ORIGIN_VERIFY_HEADER } from "./client-address";
import { startTestServer, type TestServer } from "./testing";

/**
 * The HTTP edge, attacked over real HTTP against the real server. The test client connects from 127.0.0.1; with
 * TRUST_PROXY=loopback it plays the load balancer (which appends the address it saw to X-Forwarded-For), with
 * TRUST_PROXY naming another network it plays a caller who reached the server past every proxy.
 */

const ORIGIN_SECRET = "origin-verify-secret-for-tests-0123456789";
const METRICS_TOKEN = "metrics-token-for-tests-0123456789";

async function serverWith(extra: Record<string, string>): Promise<TestServer> {
  return startTestServer({
    DATABASE_URL: await createTestDatabase(),
    REDIS_URL: testRun().redisUrl,
    REDIS_PREFIX: createTestRedisPrefix(),
    CORS_ORIGINS: "http://localhost:5173",
    ...extra,
  });
}

/** The anonymous per-address rate-limit keys the server has written: the identities it counted requests under. */
async function anonymousIdentities(server: TestServer): Promise<string[]> {
  const prefix = `${server.env.REDIS_PREFIX}:ratelimit:anonymous:`;
  const keys = await server.resources.redis.keys(`${prefix}*`);
  return keys.map((key) => key.slice(prefix.length)).sort();
}

function forgotPassword(server: TestServer, headers: Record<string, string>) {
  return fetch(`${server.url}/api/trpc/auth.forgotPassword`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ email: "someone@example.co.ke" }),
  });
}

describe("security: client address behind the load balancer and CloudFront", () => {
  let behindAlb: TestServer;
  beforeAll(async () => {
    behindAlb = await serverWith({
      TRUST_PROXY: "loopback",
      ORIGIN_VERIFY_SECRET: ORIGIN_SECRET,
      RATE_LIMIT_ANONYMOUS_PER_HOUR: "2",
    });
  });
  afterAll(async () => {
    await behindAlb.close();
  });

  it("attack: a caller going straight to the load balancer with a spoofed X-Forwarded-For is still counted by its own address", async () => {
    // The attacker writes a new address each time; the load balancer appends the one it really saw.
    const statuses: number[] = [];
    for (const spoofed of ["6.6.6.1", "6.6.6.2", "6.6.6.3"]) {
      const response = await forgotPassword(behindAlb, { "x-forwarded-for": `${spoofed}, 203.0.113.7` });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([200, 200, 429]);
    expect(await anonymousIdentities(behindAlb)).toContain("ip:203.0.113.7");
    expect((await anonymousIdentities(behindAlb)).some((identity) => identity.includes("6.6.6."))).toBe(
      false,
    );
  });

  it("attack: a spoofed address to the left of CloudFront's entry does not change who is counted", async () => {
    // CloudFront appends the viewer, the load balancer appends the edge; only the origin secret vouches for the edge.
    const viaCloudFront = (spoofed: string) =>
      forgotPassword(behindAlb, {
        "x-forwarded-for": `${spoofed}, 198.51.100.20, 130.176.0.1`,
        [ORIGIN_VERIFY_HEADER]: ORIGIN_SECRET,
      });
    expect((await viaCloudFront("7.7.7.1")).status).toBe(200);
    expect((await viaCloudFront("7.7.7.2")).status).toBe(200);
    expect((await viaCloudFront("7.7.7.3")).status).toBe(429);
    const identities = await anonymousIdentities(behindAlb);
    expect(identities).toContain("ip:198.51.100.20");
    expect(identities.some((identity) => identity.includes("7.7.7.") || identity.includes("130.176."))).toBe(
      false,
    );
  });

  it("attack: a forged CloudFront origin header does not buy the attacker a trusted hop", async () => {
    const forged = await forgotPassword(behindAlb, {
      "x-forwarded-for": "8.8.8.8, 192.0.2.50",
      [ORIGIN_VERIFY_HEADER]: "guessed-origin-secret-0123456789012345",
    });
    expect(forged.status).toBe(200);
    const identities = await anonymousIdentities(behindAlb);
    expect(identities).toContain("ip:192.0.2.50");
    expect(identities).not.toContain("ip:8.8.8.8");
  });

  it("attack: many IPv6 addresses from one /64 share one budget", async () => {
    const statuses: number[] = [];
    for (const host of ["1", "2", "3"]) {
      const response = await forgotPassword(behindAlb, { "x-forwarded-for": `2001:db8:1:2::${host}` });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([200, 200, 429]);
    expect(await anonymousIdentities(behindAlb)).toContain("ip:2001:db8:1:2::/64");
  });
});

describe("security: a caller that reached the server past its proxies", () => {
  let exposed: TestServer;
  beforeAll(async () => {
    // The proxies are elsewhere (the load balancer's subnets): the test client is an ordinary caller.
    exposed = await serverWith({
      TRUST_PROXY: "10.0.1.0/24,10.0.3.0/24",
      RATE_LIMIT_ANONYMOUS_PER_HOUR: "2",
    });
  });
  afterAll(async () => {
    await exposed.close();
  });

  it("attack: a spoofed X-Forwarded-For from an untrusted address does not change the identity used for limits", async () => {
    const statuses: number[] = [];
    for (const spoofed of ["9.9.9.1", "9.9.9.2", "9.9.9.3"]) {
      statuses.push((await forgotPassword(exposed, { "x-forwarded-for": spoofed })).status);
    }
    expect(statuses).toEqual([200, 200, 429]);
    expect(await anonymousIdentities(exposed)).toEqual(["ip:127.0.0.1"]);
  });
});

describe("security: operations endpoints", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await serverWith({
      TRUST_PROXY: "loopback",
      METRICS_TOKEN,
      RATE_LIMIT_ANONYMOUS_PER_HOUR: "10000",
      TRPC_MAX_BATCH_SIZE: "5",
    });
  });
  afterAll(async () => {
    await server.close();
  });

  const scrape = (headers: Record<string, string> = {}) => fetch(`${server.url}/metrics`, { headers });
  const fromInternet = { "x-forwarded-for": "203.0.113.99" };

  it("attack: reading /metrics from a public address without the token is refused", async () => {
    expect((await scrape(fromInternet)).status).toBe(401);
    expect((await scrape({ ...fromInternet, authorization: "Bearer wrong-token-0123456789" })).status).toBe(
      401,
    );
    expect((await scrape({ ...fromInternet, authorization: METRICS_TOKEN })).status).toBe(401);
  });

  it("lets a scraper in with the token in any scheme case, or from a private address", async () => {
    for (const scheme of ["Bearer", "bearer", "BEARER"]) {
      const response = await scrape({ ...fromInternet, authorization: `${scheme} ${METRICS_TOKEN}` });
      expect(response.status).toBe(200);
    }
    expect((await scrape({ "x-forwarded-for": "10.0.2.15" })).status).toBe(200);
    expect((await scrape()).status).toBe(200);
  });

  it("attack: made-up paths and ids do not create new metric series", async () => {
    const requests: Promise<Response>[] = [];
    for (let index = 0; index < 40; index += 1) {
      const id = `probe${index}x${Math.random().toString(36).slice(2, 8)}`;
      requests.push(
        fetch(`${server.url}/api/${id}`),
        fetch(`${server.url}/api/public/invoices/${id}/pdf`),
        fetch(`${server.url}/api/webhooks/daraja/${id}/stk`, { method: "POST", body: "{}" }),
        fetch(`${server.url}/api/trpc/${id}.list`),
        fetch(`${server.url}/${id}/wp-login.php`),
      );
    }
    for (const response of await Promise.all(requests)) await response.arrayBuffer();
    const scraped = await scrape({ authorization: `Bearer ${METRICS_TOKEN}` });
    expect(scraped.status).toBe(200);
    const text = await scraped.text();
    const routes = new Set(
      [...text.matchAll(/kavi_http_request_duration_seconds_count\{[^}]*route="([^"]*)"/g)].map(
        (match) => match[1],
      ),
    );
    expect(text).not.toContain("probe");
    expect([...routes].every((route) => !route?.includes("probe"))).toBe(true);
    expect(routes.size).toBeLessThanOrEqual(8);
    // The requests were counted, under their templates.
    expect(routes).toContain("unmatched");
    expect(routes).toContain("/api/public/invoices/:token/pdf");
    expect(routes).toContain("/api/webhooks");
    const procedures = new Set([...text.matchAll(/procedure="([^"]*)"/g)].map((match) => match[1]));
    expect([...procedures].some((procedure) => procedure?.includes("probe"))).toBe(false);
  });

  it("attack: a tRPC batch larger than the cap is refused with a 400 before any call runs", async () => {
    const paths = Array.from({ length: 6 }, () => "auth.forgotPassword").join(",");
    const body = Object.fromEntries(
      Array.from({ length: 6 }, (_, index) => [index, { email: "x@example.co.ke" }]),
    );
    const response = await fetch(`${server.url}/api/trpc/${paths}?batch=1`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toMatch(/Batch call exceeds maximum size/);
    const allowed = await fetch(`${server.url}/api/trpc/auth.forgotPassword,auth.forgotPassword?batch=1`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ 0: { email: "x@example.co.ke" }, 1: { email: "y@example.co.ke" } }),
    });
    expect(allowed.status).toBe(200);
  });

  it("announces the standard RateLimit headers", async () => {
    const response = await forgotPassword(server, {});
    expect(response.headers.get("ratelimit-limit")).toBe("10000");
    expect(Number(response.headers.get("ratelimit-remaining"))).toBeLessThan(10000);
    expect(Number(response.headers.get("ratelimit-reset"))).toBeGreaterThan(0);
    expect(response.headers.get("ratelimit-policy")).toBe("10000;w=3600");
  });
});

describe("security: readiness", () => {
  it("attack: /api/ready does not hand out connection details when a dependency is down", async () => {
    const broken = await startTestServer(
      {
        DATABASE_URL: await createTestDatabase(),
        REDIS_URL: "redis://127.0.0.1:6",
        REDIS_PREFIX: createTestRedisPrefix(),
      },
      { waitForRedis: false },
    );
    try {
      const ready = await fetch(`${broken.url}/api/ready`);
      expect(ready.status).toBe(503);
      const body = (await ready.json()) as { checks: Record<string, { ok: boolean; detail?: string }> };
      expect(body.checks.redis).toEqual({ ok: false, detail: "unavailable" });
      expect(JSON.stringify(body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|:6\b|timed out|Connection/i);
    } finally {
      await broken.close();
    }
  });
});
