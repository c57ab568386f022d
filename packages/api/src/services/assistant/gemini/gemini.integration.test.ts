import { FAKE_INVENTED_AMOUNT, type FakeGemini, startFakeGemini } from "@kavi/ai/fake";
import { aiAllowances, aiUsageDaily, transactions } from "@kavi/db";
import { DEMO_PASSWORD, DEMO_PEOPLE, seedDemo } from "@kavi/db/seed";
import { formatMoney } from "@kavi/domain";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { addMember, createTestHarness, type TestHarness } from "../../../testing";
import type { AskStreamEvent } from "../ask";
import type { FallbackReason } from "./brain";
import { assistantGeminiFromEnv } from "./config";

// Thursday 19 November 2026, 09:00 in Nairobi: the demo's year of books ends today.
const clock = new Date("2026-11-19T09:00:00+03:00");

let harness: TestHarness;
let fake: FakeGemini;
let businessId: string;
let accessToken: string;
let signedInOwner: Parameters<typeof addMember>[1];
const fallbacks: FallbackReason[] = [];

function settings(overrides: Partial<Parameters<typeof assistantGeminiFromEnv>[0]> = {}) {
  return assistantGeminiFromEnv({
    GEMINI_API_KEY: "test-key",
    GEMINI_BASE_URL: fake.url,
    GEMINI_MODEL: "gemini-2.5-flash",
    ASSISTANT_BRAIN: "auto",
    ASSISTANT_MAX_STEPS: 4,
    ASSISTANT_MAX_TOKENS_PER_ANSWER: 30_000,
    ASSISTANT_MAX_OUTPUT_TOKENS: 1_024,
    ASSISTANT_GEMINI_TIMEOUT_MS: 3_000,
    ASSISTANT_MONTHLY_TOKENS_PER_BUSINESS: 2_000_000,
    GEMINI_PRICE_PROMPT_MICRO_USD_PER_MILLION: 300_000,
    GEMINI_PRICE_OUTPUT_MICRO_USD_PER_MILLION: 2_500_000,
    ...overrides,
  });
}

async function owner(gemini = settings()) {
  const { caller } = await harness.client({
    accessToken,
    services: { assistant: { gemini, observeFallback: ({ reason }) => fallbacks.push(reason) } },
  });
  return caller;
}

/** Income, independently of the tools: straight from transactions, on the Nairobi calendar. */
async function sqlIncome(from: string, to: string): Promise<bigint> {
  const result = await harness.db.execute<{ total: string }>(sql`
    select coalesce(sum(base_amount_minor), 0)::text as total from transactions
    where business_id = ${businessId} and type = 'income' and status = 'completed'
      and (transaction_date at time zone 'Africa/Nairobi')::date between ${from}::date and ${to}::date`);
  return BigInt(result.rows[0]?.total ?? "0");
}

let lastWeekIncome: string;

beforeAll(async () => {
  fake = await startFakeGemini();
  harness = await createTestHarness({
    rateLimits: {
      authenticatedPerHour: 10_000,
      anonymousPerHour: 10_000,
      assistantPerMinute: 1_000,
      apiKeyDefaultPerHour: 1_000,
      refreshPerSessionPerHour: 1_000,
      refreshPerIpPerHour: 1_000,
      localWindows: 1_000,
    },
  });
  harness.setNow(clock);
  businessId = (await seedDemo(harness.db, { now: clock })).businessId;
  const { caller } = await harness.client();
  const signedIn = await caller.auth.signIn({ email: DEMO_PEOPLE[0]?.email ?? "", password: DEMO_PASSWORD });
  if (!("accessToken" in signedIn)) throw new Error("demo sign-in needs a second step");
  accessToken = signedIn.accessToken;
  const { caller: ownerCaller, cookies } = await harness.client({ accessToken });
  signedInOwner = { ...signedIn.user, accessToken, caller: ownerCaller, cookies };
  lastWeekIncome = formatMoney(await sqlIncome("2026-11-09", "2026-11-15"), "KES");
});
afterAll(async () => {
  await harness?.close();
  await fake?.close();
});
beforeEach(() => {
  fake.reset();
  fallbacks.length = 0;
});

const question = { message: "How much did we make last week?" };

describe("the Gemini brain (against the fake)", () => {
  it("calls the tools Gemini asks for, as the caller, and answers with their exact figures", async () => {
    const answer = await (await owner()).assistant.ask({ businessId, ...question });
    expect(answer.brain).toBe("gemini");
    expect(answer.fallback).toBeNull();
    expect(answer.reply).toContain(lastWeekIncome);
    expect(answer.toolCalls).toEqual([
      expect.objectContaining({ name: "period_summary", input: { from: "2026-11-09", to: "2026-11-15" } }),
    ]);
    expect(answer.cards[0]?.link).toMatchObject({ path: "transactions", params: { from: "2026-11-09" } });
    expect(answer.intent).toBe("period_summary");

    // Two model steps: the function call, then the answer from its result; declarations from the zod schemas.
    const requests = fake.requests();
    expect(requests).toHaveLength(2);
    const first = requests[0]?.body as {
      systemInstruction: { parts: { text: string }[] };
      tools: { functionDeclarations: { name: string; parametersJsonSchema: { properties: object } }[] }[];
    };
    expect(first.systemInstruction.parts[0]?.text).toContain('"today":"2026-11-19"');
    expect(first.systemInstruction.parts[0]?.text).toContain('"currency":"KES"');
    const declarations = first.tools[0]?.functionDeclarations ?? [];
    expect(declarations.map((declaration) => declaration.name)).toContain("spend_by_category");
    expect(
      declarations.find((declaration) => declaration.name === "period_summary")?.parametersJsonSchema
        .properties,
    ).toHaveProperty("from");

    const [usage] = await harness.db
      .select()
      .from(aiUsageDaily)
      .where(and(eq(aiUsageDaily.businessId, businessId), eq(aiUsageDaily.feature, "assistant")));
    expect(usage).toMatchObject({ day: "2026-11-19", requests: 2, failures: 0 });
    expect(usage?.promptTokens).toBeGreaterThan(0);
    expect(usage?.costMicroUsd).toBeGreaterThan(0n);
  });

  it("answers in Kiswahili when asked in Kiswahili", async () => {
    const answer = await (await owner()).assistant.ask({
      businessId,
      message: "Tulipata kiasi gani wiki iliyopita?",
    });
    expect(answer.brain).toBe("gemini");
    expect(answer.language).toBe("sw");
    expect(answer.reply).toContain(lastWeekIncome);
  });

  it("answers the forecast and credit-score questions with the tools' figures, which the guard accepts", async () => {
    const caller = await owner();
    const forecast = await caller.assistant.ask({
      businessId,
      message: "Will we have enough cash at the end of the month?",
    });
    expect(forecast).toMatchObject({ brain: "gemini", fallback: null, intent: "cash_forecast" });
    const output = forecast.toolCalls[0]?.output as { balanceMinor: bigint; to: string };
    expect(output.to).toBe("2026-11-30");
    expect(forecast.reply).toContain(formatMoney(output.balanceMinor, "KES"));
    expect(forecast.cards[0]?.link).toMatchObject({ path: "cash-flow" });

    const credit = await caller.assistant.ask({ businessId, message: "What is my credit score?" });
    expect(credit).toMatchObject({ brain: "gemini", fallback: null, intent: "credit_score" });
    const score = (credit.toolCalls[0]?.output as { score: number } | undefined)?.score ?? "no score";
    expect(credit.reply).toMatch(new RegExp(`\\b${score}\\b`));
    expect(credit.cards[0]?.link).toMatchObject({ path: "credit-score" });
    expect(fallbacks).toEqual([]);
  });

  it("streams the reply as it is written, then the whole answer", async () => {
    const events: AskStreamEvent[] = [];
    for await (const event of await (await owner()).assistant.askStream({ businessId, ...question })) {
      events.push(event);
    }
    const texts = events.flatMap((event) => (event.type === "text" ? [event.text] : []));
    expect(texts.length).toBeGreaterThan(1);
    const last = events.at(-1);
    expect(last?.type).toBe("answer");
    if (last?.type !== "answer") return;
    expect(texts.join("").trim()).toBe(last.answer.reply);
    expect(last.answer.brain).toBe("gemini");
  });

  it("replaces an answer that states a figure no tool returned (never showing it) and counts it", async () => {
    fake.injectFaults([{ kind: "invented_number" }]);
    const events: AskStreamEvent[] = [];
    for await (const event of await (await owner()).assistant.askStream({ businessId, ...question })) {
      events.push(event);
    }
    const shown = events.flatMap((event) => (event.type === "text" ? [event.text] : [])).join("");
    expect(shown).not.toContain(FAKE_INVENTED_AMOUNT);
    expect(events.some((event) => event.type === "restart")).toBe(true);
    const last = events.at(-1);
    if (last?.type !== "answer") throw new Error("no answer");
    expect(last.answer).toMatchObject({ brain: "offline", fallback: "ungrounded" });
    expect(last.answer.reply).toContain(lastWeekIncome);
    expect(last.answer.reply).not.toContain(FAKE_INVENTED_AMOUNT);
    expect(fallbacks).toEqual(["ungrounded"]);
  });

  it.each([
    [{ kind: "error" as const, status: 429 }, "rate_limited"],
    [{ kind: "error" as const, status: 500 }, "unavailable"],
    [{ kind: "malformed_args" as const }, "malformed_args"],
    [{ kind: "blocked" as const }, "blocked"],
  ])("falls back to the offline brain on %o", async (fault, reason) => {
    fake.injectFaults([fault]);
    const answer = await (await owner()).assistant.ask({ businessId, ...question });
    expect(answer).toMatchObject({ brain: "offline", fallback: reason, notice: null });
    expect(answer.reply).toContain(lastWeekIncome);
    expect(fallbacks).toEqual([reason]);
  });

  it("falls back when Gemini is too slow (latency past the answer's timeout)", async () => {
    fake.injectFaults([{ kind: "slow", delayMs: 5_000 }]);
    const answer = await (await owner(settings({ ASSISTANT_GEMINI_TIMEOUT_MS: 1_000 }))).assistant.ask({
      businessId,
      ...question,
    });
    expect(answer).toMatchObject({ brain: "offline", fallback: "timeout" });
    expect(answer.reply).toContain(lastWeekIncome);
  });

  it("falls back when an answer needs more tokens than allowed", async () => {
    const answer = await (await owner(settings({ ASSISTANT_MAX_TOKENS_PER_ANSWER: 1_000 }))).assistant.ask({
      businessId,
      ...question,
    });
    expect(answer).toMatchObject({ brain: "offline", fallback: "token_limit" });
  });

  it("over the month's allowance, answers offline with a clear note and does not call Gemini", async () => {
    await harness.db.insert(aiAllowances).values({ businessId, assistantMonthlyTokens: 1 });
    try {
      const caller = await owner();
      const answer = await caller.assistant.ask({ businessId, ...question });
      expect(answer).toMatchObject({ brain: "offline", fallback: "over_cap" });
      expect(answer.notice).toMatch(/AI allowance for the month/);
      expect(answer.reply).toContain(lastWeekIncome);
      expect(fake.requests()).toHaveLength(0);

      // Reopened, the answer still says why the built-in engine gave it, and the question carries neither.
      const reopened = await caller.assistant.conversations.get({
        businessId,
        conversationId: answer.conversationId,
      });
      expect(reopened.messages.map(({ role, fallback, notice }) => ({ role, fallback, notice }))).toEqual([
        { role: "user", fallback: null, notice: null },
        { role: "assistant", fallback: "over_cap", notice: answer.notice },
      ]);
    } finally {
      await harness.db.delete(aiAllowances).where(eq(aiAllowances.businessId, businessId));
    }
  });

  it("runs Gemini's calls as the caller: a staff member without Reports gets the reason, never the figures", async () => {
    const staff = await addMember(harness, signedInOwner, businessId, "staff", ["assistant", "invoices"]);
    const { caller } = await harness.client({
      accessToken: staff.accessToken,
      services: { assistant: { gemini: settings() } },
    });
    const answer = await caller.assistant.ask({ businessId, ...question });
    expect(answer.brain).toBe("gemini");
    expect(answer.reply).toContain("You don't have access to Reports");
    expect(answer.reply).not.toMatch(/KES/);
    expect(answer.cards).toEqual([]);
    expect(answer.toolCalls[0]?.output).toMatchObject({ error: "forbidden" });
  });

  it("proposes an action Gemini calls for, through the same draft, and nothing happens until it is confirmed", async () => {
    const count = async () =>
      (
        await harness.db
          .select({ id: transactions.id })
          .from(transactions)
          .where(eq(transactions.businessId, businessId))
      ).length;
    const before = await count();
    const caller = await owner();
    const answer = await caller.assistant.ask({
      businessId,
      message: "Record 2,500 for fuel paid by M-Pesa today",
    });
    expect(answer).toMatchObject({ brain: "gemini", intent: "action", fallback: null });
    expect(answer.reply).toMatch(
      /^Shall I record an expense of KES 2,500\.00 for .+, paid by M-Pesa on 19 Nov 2026\?/,
    );
    // One model step: the action function, declared beside the tools, and no tool run for it.
    const requests = fake.requests();
    expect(requests).toHaveLength(1);
    const body = requests[0]?.body as { tools: { functionDeclarations: { name: string }[] }[] } | undefined;
    const declared = body?.tools[0]?.functionDeclarations.map((declaration) => declaration.name);
    expect(declared).toEqual(expect.arrayContaining(["propose_record_transaction", "propose_send_reminder"]));
    const action = answer.cards.find((card) => card.action)?.action;
    expect(action).toMatchObject({ kind: "record_transaction", status: "pending" });
    expect(await count()).toBe(before);

    const done = await caller.assistant.actions.confirm({ businessId, proposalId: action?.proposalId ?? "" });
    expect(done).toMatchObject({ status: "done" });
    const recorded = await harness.db
      .select()
      .from(transactions)
      .where(eq(transactions.externalId, `kavi-assistant:${action?.proposalId}`));
    expect(recorded).toEqual([
      expect.objectContaining({ type: "expense", amountMinor: 250_000n, paymentMethod: "mpesa" }),
    ]);
    expect(await count()).toBe(before + 1);
  });

  it("falls back to the offline reading of a request when Gemini's action arguments are malformed", async () => {
    fake.injectFaults([{ kind: "malformed_args" }]);
    const answer = await (await owner()).assistant.ask({
      businessId,
      message: "Record 300 for fuel in cash",
    });
    expect(answer).toMatchObject({ brain: "offline", intent: "action", fallback: "malformed_args" });
    expect(answer.cards.find((card) => card.action)?.action).toMatchObject({ status: "pending" });
    expect(fallbacks).toEqual(["malformed_args"]);
  });
});
