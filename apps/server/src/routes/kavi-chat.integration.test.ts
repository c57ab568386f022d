import { createTestDatabase, createTestRedisPrefix, testRun } from "@kavi/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerWithToken, signUpOverHttp, startTestServer, type TestServer } from "../testing";

let server: TestServer;
let accessToken: string;
let businessId: string;

function callerFor(token: string) {
  return callerWithToken(server, token, "kavi-chat-test");
}

function chat(body: unknown, token: string | null = accessToken, raw?: string) {
  return fetch(`${server.url}/api/kavi/chat/`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: raw ?? JSON.stringify(body),
  });
}

beforeAll(async () => {
  server = await startTestServer({
    DATABASE_URL: await createTestDatabase(),
    REDIS_URL: testRun().redisUrl,
    REDIS_PREFIX: createTestRedisPrefix(),
    RATE_LIMIT_ANONYMOUS_PER_HOUR: "1000",
    RATE_LIMIT_ASSISTANT_PER_MINUTE: "3",
  });
  const signedUp = await signUpOverHttp(server, {
    fullName: "Achieng Odhiambo",
    email: `kavi.chat.${Date.now()}@example.co.ke`,
    password: "Tamu-Chai-Ya-Asubuhi-42",
  });
  accessToken = signedUp.accessToken;
  const caller = await callerFor(accessToken);
  businessId = (
    await caller.business.create({
      legalName: "Achieng Greens Ltd",
      tradingName: "Achieng Greens",
      country: "KE",
      baseCurrency: "KES",
      timezone: "Africa/Nairobi",
    })
  ).id;
});
afterAll(async () => {
  await server.close();
});

describe("POST /api/kavi/chat", () => {
  it("answers the spec's {message, suggestions, data} with the same contract as assistant.ask", async () => {
    const response = await chat({
      message: "How much did we make this month?",
      business_id: businessId,
      user_id: 7,
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body.message).toMatch(/^You made KES 0\.00 in income this month/);
    expect(body.reply).toBe(body.message);
    expect(body.suggestions).toEqual(expect.arrayContaining([expect.any(String)]));
    expect(body.data).toMatchObject({ cards: [expect.objectContaining({ title: "Income and expenses" })] });
    expect(body).toMatchObject({
      language: "en",
      intent: "period_summary",
      conversationId: expect.any(String),
    });
  });

  it("refuses without a token, for another business, and for a body that is not JSON, with 4xx", async () => {
    expect((await chat({ message: "Habari", business_id: businessId }, null)).status).toBe(401);
    const foreign = await chat({ message: "Habari", business_id: "00000000-0000-4000-8000-000000000000" });
    expect(foreign.status).toBe(404);
    expect(await foreign.json()).toMatchObject({ error: "not_found" });
    expect((await chat(null, accessToken, "{not json")).status).toBe(400);
    expect((await chat({ message: "Habari" })).status).toBe(400);
  });

  it("answers 429 with Retry-After past the per-minute limit", async () => {
    let last: Response | null = null;
    for (let attempt = 0; attempt < 4; attempt += 1) {
      last = await chat({ message: "Habari", business_id: businessId });
      if (last.status === 429) break;
    }
    expect(last?.status).toBe(429);
    expect(Number(last?.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await last?.json()).toMatchObject({ error: "too_many_requests" });
  });
});
