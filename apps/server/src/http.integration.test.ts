import { createTestDatabase, createTestRedisPrefix, testRun } from "@kavi/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUpOverHttp, startTestServer, type TestServer } from "./testing";

let server: TestServer;
const PASSWORD = "Chapati-Na-Maharagwe-9";

async function setupServer(extra: Record<string, string> = {}) {
  return startTestServer({
    DATABASE_URL: await createTestDatabase(),
    REDIS_URL: testRun().redisUrl,
    REDIS_PREFIX: createTestRedisPrefix(),
    CORS_ORIGINS: "http://localhost:5173",
    RATE_LIMIT_ANONYMOUS_PER_HOUR: "1000",
    ...extra,
  });
}

beforeAll(async () => {
  server = await setupServer();
});
afterAll(async () => {
  await server.close();
});

function trpc(
  path: string,
  input: unknown,
  init: { cookie?: string; token?: string; headers?: Record<string, string> } = {},
) {
  return fetch(`${server.url}/api/trpc/${path}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(init.cookie ? { cookie: init.cookie } : {}),
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...init.headers,
    },
    body: JSON.stringify(input),
  });
}

function refreshCookieOf(response: Response): string | null {
  const header = response.headers.getSetCookie().find((cookie) => cookie.startsWith("kavi_refresh="));
  return header ? (header.split(";")[0] ?? null) : null;
}

describe("operations endpoints", () => {
  it("reports liveness, health and readiness", async () => {
    const health = await fetch(`${server.url}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({
      status: "ok",
      version: "test",
      uptimeSeconds: expect.any(Number),
    });
    expect((await fetch(`${server.url}/api/live`)).status).toBe(200);
    const ready = await fetch(`${server.url}/api/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: "ready",
      checks: { postgres: { ok: true }, redis: { ok: true }, migrations: { ok: true } },
    });
  });

  it("serves Prometheus metrics, including procedure latency and queue depth", async () => {
    await trpc("auth.forgotPassword", { email: "someone@example.co.ke" });
    const text = await (await fetch(`${server.url}/metrics`)).text();
    expect(text).toContain(
      'kavi_trpc_procedure_duration_seconds_bucket{le="0.05",procedure="auth.forgotPassword",type="mutation",code="OK"}',
    );
    expect(text).toContain('kavi_queue_jobs{queue="email",state="waiting"}');
    expect(text).toContain("kavi_http_request_duration_seconds");
  });
});

describe("request path", () => {
  it("echoes a sane x-request-id and generates one otherwise", async () => {
    const echoed = await fetch(`${server.url}/api/health`, {
      headers: { "x-request-id": "req-from-alb-123" },
    });
    expect(echoed.headers.get("x-request-id")).toBe("req-from-alb-123");
    const generated = await fetch(`${server.url}/api/health`, {
      headers: { "x-request-id": "bad id with spaces" },
    });
    expect(generated.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("sets security headers and hides the framework", async () => {
    const response = await fetch(`${server.url}/api/health`);
    expect(response.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("x-powered-by")).toBeNull();
    expect(response.headers.get("strict-transport-security")).toBeNull();
  });

  it("allows credentials only for listed origins", async () => {
    const allowed = await fetch(`${server.url}/api/trpc/auth.forgotPassword`, {
      method: "OPTIONS",
      headers: { origin: "http://localhost:5173", "access-control-request-method": "POST" },
    });
    expect(allowed.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    expect(allowed.headers.get("access-control-allow-credentials")).toBe("true");
    const refused = await fetch(`${server.url}/api/trpc/auth.forgotPassword`, {
      method: "OPTIONS",
      headers: { origin: "https://evil.example", "access-control-request-method": "POST" },
    });
    expect(refused.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("answers unknown API paths with a JSON 404", async () => {
    const response = await fetch(`${server.url}/api/nothing-here`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: "not_found" });
  });
});

describe("auth over HTTP", () => {
  it("signs up, confirms the emailed code into an httpOnly, SameSite=Strict refresh cookie, then refreshes with it", async () => {
    // Signing up answers "check your email" and starts no session: the emailed code does.
    const signUp = await trpc("auth.signUp", {
      fullName: "Nafula Wekesa",
      email: "nafula.check@example.co.ke",
      password: PASSWORD,
    });
    expect(signUp.status).toBe(200);
    expect(refreshCookieOf(signUp)).toBeNull();
    expect(((await signUp.json()) as { result: { data: { status: string } } }).result.data.status).toBe(
      "verify_email",
    );

    const { response: confirmed } = await signUpOverHttp(server, {
      fullName: "Nafula Wekesa",
      email: "nafula@example.co.ke",
      password: PASSWORD,
    });
    const setCookie = confirmed.headers.getSetCookie().find((cookie) => cookie.startsWith("kavi_refresh="));
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    expect(setCookie).toMatch(/Path=\/api\/trpc/);
    expect(setCookie).not.toMatch(/Secure/);
    const body = (await confirmed.json()) as { result: { data: { accessToken: string } } };
    expect(body.result.data.accessToken.split(".")).toHaveLength(3);

    const cookie = refreshCookieOf(confirmed) ?? "";
    const refreshed = await trpc("auth.refresh", null, { cookie });
    expect(refreshed.status).toBe(200);
    expect(refreshCookieOf(refreshed)).not.toBe(cookie);
  });

  it("answers bad input with 400 and field messages", async () => {
    const response = await trpc("auth.signUp", { fullName: "", email: "not-an-email", password: "short" });
    expect(response.status).toBe(400);
    const body = (await response.json()) as {
      error: { message: string; data: { fieldErrors: Record<string, string[]> } };
    };
    expect(body.error.message).toBe("Some fields need your attention");
    expect(Object.keys(body.error.data.fieldErrors).sort()).toEqual(["email", "fullName", "password"]);
    expect(body.error.data.fieldErrors.email?.[0]).toMatch(/valid email/);
  });

  it("answers a missing or stale token with 401", async () => {
    expect((await trpc("auth.signOutEverywhere", null)).status).toBe(401);
    expect((await trpc("auth.signOutEverywhere", null, { token: "not.a.jwt" })).status).toBe(401);
  });
});

describe("rate limits over HTTP", () => {
  it("answers 429 with Retry-After once an IP spends its anonymous budget", async () => {
    const limited = await setupServer({ RATE_LIMIT_ANONYMOUS_PER_HOUR: "2" });
    try {
      const call = () =>
        fetch(`${limited.url}/api/trpc/auth.forgotPassword`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ email: "x@example.co.ke" }),
        });
      expect((await call()).status).toBe(200);
      expect((await call()).status).toBe(200);
      const third = await call();
      expect(third.status).toBe(429);
      expect(Number(third.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(Number(third.headers.get("retry-after"))).toBeLessThanOrEqual(3600);
    } finally {
      await limited.close();
    }
  });
});

describe("queue dashboard", () => {
  it("is hidden from everyone but platform operators holding a dashboard cookie", async () => {
    expect((await fetch(`${server.url}/admin/queues`)).status).toBe(404);
    const { accessToken, userId } = await signUpOverHttp(server, {
      fullName: "Ops Person",
      email: "ops-person@example.co.ke",
      password: PASSWORD,
    });
    // Not an operator yet: the procedure does not exist for them.
    expect((await trpc("admin.openQueueDashboard", null, { token: accessToken })).status).toBe(404);
    await server.resources.database.pool.query("update users set is_super_admin = true where id = $1", [
      userId,
    ]);
    // Promotion is read when the operator next signs in (a session's caller is cached for a moment).
    const signIn = await trpc("auth.signIn", { email: "ops-person@example.co.ke", password: PASSWORD });
    const operatorToken = ((await signIn.json()) as { result: { data: { accessToken: string } } }).result.data
      .accessToken;
    const opened = await trpc("admin.openQueueDashboard", null, { token: operatorToken });
    expect(opened.status).toBe(200);
    const dashboardCookie = opened.headers
      .getSetCookie()
      .find((cookie) => cookie.startsWith("kavi_dashboard="));
    expect(dashboardCookie).toMatch(/Path=\/admin\/queues/);
    const page = await fetch(`${server.url}/admin/queues`, {
      headers: { cookie: String(dashboardCookie?.split(";")[0]) },
    });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("<html");
  });
});

describe("readiness when Redis is down", () => {
  it("still answers health, and reports not ready with 503 and the reason", async () => {
    const broken = await startTestServer(
      {
        DATABASE_URL: await createTestDatabase(),
        REDIS_URL: "redis://127.0.0.1:6",
        REDIS_PREFIX: createTestRedisPrefix(),
      },
      { waitForRedis: false },
    );
    try {
      expect((await fetch(`${broken.url}/api/health`)).status).toBe(200);
      const ready = await fetch(`${broken.url}/api/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({
        status: "not-ready",
        checks: { postgres: { ok: true }, redis: { ok: false }, migrations: { ok: true } },
      });
    } finally {
      await broken.close();
    }
  });
});
