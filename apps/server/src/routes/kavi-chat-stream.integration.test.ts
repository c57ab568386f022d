import { type FakeGemini, startFakeGemini } from "@kavi/ai/fake";
import { createCaller, createContext } from "@kavi/api";
import { MemoryCookieJar } from "@kavi/api/testing";
import { assistantSpeech } from "@kavi/db";
import { createTestDatabase, createTestRedisPrefix, testRun } from "@kavi/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUpOverHttp, startTestServer, type TestServer } from "../testing";

let server: TestServer;
let fake: FakeGemini;
let accessToken: string;
let businessId: string;

function stream(body: unknown, token: string | null = accessToken) {
  return fetch(`${server.url}/api/kavi/chat/stream`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
}

/** The events of a finished server-sent-events body, in order. */
async function readEvents(response: Response): Promise<{ event: string; data: Record<string, unknown> }[]> {
  const text = await response.text();
  return text
    .split("\n\n")
    .filter((block) => block.trim())
    .map((block) => {
      const event = /^event: (.+)$/m.exec(block)?.[1] ?? "message";
      const data = JSON.parse(/^data: (.+)$/m.exec(block)?.[1] ?? "{}") as Record<string, unknown>;
      return { event, data };
    });
}

beforeAll(async () => {
  fake = await startFakeGemini();
  server = await startTestServer({
    DATABASE_URL: await createTestDatabase(),
    REDIS_URL: testRun().redisUrl,
    REDIS_PREFIX: createTestRedisPrefix(),
    RATE_LIMIT_ANONYMOUS_PER_HOUR: "1000",
    GEMINI_API_KEY: "test-key",
    GEMINI_BASE_URL: fake.url,
    // Read aloud is configured (no worker runs here, so ElevenLabs is never called).
    ELEVENLABS_API_KEY: "test-key",
    ELEVENLABS_BASE_URL: "http://127.0.0.1:9",
  });
  const signedUp = await signUpOverHttp(server, {
    fullName: "Wanjiru Kamau",
    email: `kavi.stream.${Date.now()}@example.co.ke`,
    password: "Tamu-Chai-Ya-Jioni-42",
  });
  accessToken = signedUp.accessToken;
  const caller = createCaller(
    await createContext(server.resources.services, {
      requestId: "kavi-stream-test",
      ip: "198.51.100.22",
      userAgent: "vitest",
      authorization: `Bearer ${accessToken}`,
      cookies: new MemoryCookieJar(),
      setHeader: () => undefined,
    }),
  );
  businessId = (
    await caller.business.create({
      legalName: "Wanjiru Fresh Ltd",
      tradingName: "Wanjiru Fresh",
      country: "KE",
      baseCurrency: "KES",
      timezone: "Africa/Nairobi",
    })
  ).id;
});
afterAll(async () => {
  await server?.close();
  await fake?.close();
});

describe("POST /api/kavi/chat/stream", () => {
  it("streams Gemini's reply as text events, then the whole answer", async () => {
    const response = await stream({ message: "How much did we make last week?", business_id: businessId });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const events = await readEvents(response);
    const texts = events.filter((event) => event.event === "text").map((event) => String(event.data.text));
    expect(texts.length).toBeGreaterThan(1);
    const last = events.at(-1);
    expect(last?.event).toBe("answer");
    const answer = last?.data.answer as { reply: string; brain: string; toolCalls: { name: string }[] };
    expect(answer.brain).toBe("gemini");
    expect(texts.join("").trim()).toBe(answer.reply);
    expect(answer.reply).toContain("KES 0.00");
    expect(answer.toolCalls.map((call) => call.name)).toEqual(["period_summary"]);
  });

  it("refuses before streaming: 401 without a token, 404 for another business, 400 for a bad body", async () => {
    const anonymous = await stream({ message: "Hi", business_id: businessId }, null);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ error: "unauthorized" });
    const elsewhere = await stream({ message: "Hi", business_id: "0195f3c2-7a1e-7b6c-9d0e-3f4a5b6c7d8e" });
    expect(elsewhere.status).toBe(404);
    expect((await stream({ business_id: businessId })).status).toBe(400);
  });

  it("counts fallbacks and grounding rejections in /metrics", async () => {
    fake.injectFaults([{ kind: "invented_number" }]);
    const events = await readEvents(
      await stream({ message: "How much did we make last week?", business_id: businessId }),
    );
    expect(events.map((event) => event.event)).toContain("restart");
    expect(events.at(-1)?.data.answer).toMatchObject({ brain: "offline", fallback: "ungrounded" });
    fake.injectFaults([{ kind: "error", status: 429 }]);
    await readEvents(await stream({ message: "How much did we make last week?", business_id: businessId }));

    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/kavi_assistant_grounding_rejections_total 1/);
    expect(metrics).toMatch(/kavi_assistant_fallbacks_total\{reason="rate_limited"\} 1/);
    expect(metrics).toMatch(
      /kavi_assistant_questions_total\{brain="gemini",intent="period_summary",language="en"\} 1/,
    );
    expect(metrics).toMatch(/kavi_assistant_model_tokens_total\{kind="prompt"\} [1-9]/);
  });

  it("counts Read aloud requests and audio cache hits in /metrics", async () => {
    const caller = createCaller(
      await createContext(
        { ...server.resources.services, assistant: server.metrics.assistant },
        {
          requestId: "kavi-speech-metrics-test",
          ip: "198.51.100.22",
          userAgent: "vitest",
          authorization: `Bearer ${accessToken}`,
          cookies: new MemoryCookieJar(),
          setHeader: () => undefined,
        },
      ),
    );
    const answer = await caller.assistant.ask({ businessId, message: "How much did we make today?" });
    const input = { businessId, messageId: answer.messageId };
    expect((await caller.assistant.speech.request(input)).status).toBe("pending");
    expect((await caller.assistant.speech.request(input)).status).toBe("pending");
    // As if the worker had made the audio: the next Read aloud is a cache hit.
    await server.resources.services.db
      .update(assistantSpeech)
      .set({ status: "ready", audio: Buffer.from("ID3"), contentType: "audio/mpeg", bytes: 3 });
    expect((await caller.assistant.speech.request(input)).status).toBe("ready");

    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/kavi_assistant_speech_requests_total\{outcome="queued"\} 1/);
    expect(metrics).toMatch(/kavi_assistant_speech_requests_total\{outcome="requeued"\} 1/);
    expect(metrics).toMatch(/kavi_assistant_speech_requests_total\{outcome="cached"\} 1/);
    expect(metrics).toMatch(/kavi_assistant_speech_cache_hits_total 1/);
  });
});
