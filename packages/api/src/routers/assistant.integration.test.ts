import { DEMO_PASSWORD, DEMO_PEOPLE, seedDemo } from "@kavi/db/seed";
import { formatMoney, serializeForWire } from "@kavi/domain";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addMember,
  createBusinessFor,
  createTestHarness,
  refusal,
  type SignedInUser,
  signUpUser,
  type TestHarness,
} from "../testing";

// Thursday 19 November 2026, 09:00 in Nairobi: the demo's year of books ends today.
const clock = new Date("2026-11-19T09:00:00+03:00");

let harness: TestHarness;
let businessId: string;
let owner: SignedInUser;

async function signInDemo(email: string): Promise<SignedInUser> {
  const { caller: anonymous, cookies } = await harness.client();
  const result = await anonymous.auth.signIn({ email, password: DEMO_PASSWORD });
  if (!("accessToken" in result)) throw new Error("demo sign-in needs a second step");
  const { caller } = await harness.client({ accessToken: result.accessToken, cookies });
  return { ...result.user, accessToken: result.accessToken, caller, cookies };
}

/** Income, independently of the tools: straight from transactions, on the Nairobi calendar. */
async function sqlIncome(from: string, to: string): Promise<bigint> {
  const result = await harness.db.execute<{ total: string }>(sql`
    select coalesce(sum(base_amount_minor), 0)::text as total from transactions
    where business_id = ${businessId} and type = 'income' and status = 'completed'
      and (transaction_date at time zone 'Africa/Nairobi')::date between ${from}::date and ${to}::date`);
  return BigInt(result.rows[0]?.total ?? "0");
}

beforeAll(async () => {
  harness = await createTestHarness();
  harness.setNow(clock);
  businessId = (await seedDemo(harness.db, { now: clock })).businessId;
  owner = await signInDemo(DEMO_PEOPLE[0]?.email ?? "");
});
afterAll(async () => {
  await harness.close();
});

describe("assistant.ask", () => {
  it("answers from the tools with the exact figure, keeps the conversation, and deletes it", async () => {
    const answer = await owner.caller.assistant.ask({
      businessId,
      message: "How much did we make last week?",
    });
    const expected = await sqlIncome("2026-11-09", "2026-11-15");
    expect(expected).toBeGreaterThan(0n);
    expect(answer.language).toBe("en");
    expect(answer.reply).toContain(formatMoney(expected, "KES"));
    expect(answer.toolCalls).toEqual([
      expect.objectContaining({ name: "period_summary", input: { from: "2026-11-09", to: "2026-11-15" } }),
    ]);
    expect(answer.cards[0]?.link).toMatchObject({ path: "transactions", params: { from: "2026-11-09" } });
    expect(answer.suggestions.length).toBeGreaterThan(0);

    const followUp = await owner.caller.assistant.ask({
      businessId,
      conversationId: answer.conversationId,
      message: "Tumetumia kiasi gani kwa mafuta mwezi huu?",
    });
    expect(followUp.conversationId).toBe(answer.conversationId);
    expect(followUp.language).toBe("sw");
    // A Kiswahili question names the built-in category in Kiswahili.
    expect(followUp.reply).toMatch(/^Mlitumia KES [\d,]+\.\d\d kwa Usafiri na mafuta mwezi huu/);

    const list = await owner.caller.assistant.conversations.list({ businessId });
    expect(list.items.map((item) => item.id)).toContain(answer.conversationId);
    const stored = await owner.caller.assistant.conversations.get({
      businessId,
      conversationId: answer.conversationId,
    });
    expect(stored.messages.map((message) => message.role)).toEqual([
      "user",
      "assistant",
      "user",
      "assistant",
    ]);
    // Stored exactly: bigint amounts come back as bigints.
    expect(stored.messages[1]?.cards[0]?.figures[0]?.amountMinor).toBe(expected);

    await owner.caller.assistant.conversations.delete({ businessId, conversationId: answer.conversationId });
    const gone = await refusal(
      owner.caller.assistant.conversations.get({ businessId, conversationId: answer.conversationId }),
    );
    expect(gone.code).toBe("NOT_FOUND");
  });

  it("says plainly when it cannot answer, and states no figure", async () => {
    const answer = await owner.caller.assistant.ask({
      businessId,
      message: "What's the weather in Mombasa?",
    });
    expect(answer.reply).toMatch(/^Sorry, I can't answer that yet/);
    expect(answer.reply).not.toMatch(/\d/);
    expect(answer.toolCalls).toEqual([]);
  });

  it("refuses bad input with a 4xx", async () => {
    expect((await refusal(owner.caller.assistant.ask({ businessId, message: "   " }))).code).toBe(
      "BAD_REQUEST",
    );
    expect((await refusal(owner.caller.assistant.ask({ businessId, message: "x".repeat(501) }))).code).toBe(
      "BAD_REQUEST",
    );
  });
});

describe("permissions", () => {
  it("gives a staff member without Reports the reason, never the figures", async () => {
    const staff = await addMember(harness, owner, businessId, "staff", ["assistant", "invoices"]);
    const answer = await staff.caller.assistant.ask({
      businessId,
      message: "How much did we make last week?",
    });
    expect(answer.reply).toContain("You don't have access to Reports");
    expect(answer.reply).not.toMatch(/KES/);
    expect(answer.cards).toEqual([]);
    expect(answer.toolCalls[0]?.output).toMatchObject({ error: "forbidden" });
    // Invoices are theirs to see.
    const overdue = await staff.caller.assistant.ask({ businessId, message: "Which invoices are overdue?" });
    expect(overdue.toolCalls[0]?.output).not.toHaveProperty("error");
  });

  it("refuses a staff member without the Assistant module", async () => {
    const staff = await addMember(harness, owner, businessId, "staff", ["transactions"]);
    const refused = await refusal(staff.caller.assistant.ask({ businessId, message: "Habari" }));
    expect(refused.code).toBe("FORBIDDEN");
  });

  it("limits questions per minute with a clear 429", async () => {
    const { caller, headers } = await harness.client({
      accessToken: owner.accessToken,
      services: {
        config: {
          ...harness.services.config,
          rateLimits: { ...harness.services.config.rateLimits, assistantPerMinute: 2 },
          redisPrefix: `${harness.services.config.redisPrefix}limit:`,
        },
      },
    });
    await caller.assistant.ask({ businessId, message: "Habari" });
    await caller.assistant.ask({ businessId, message: "Habari" });
    const refused = await refusal(caller.assistant.ask({ businessId, message: "Habari" }));
    expect(refused.code).toBe("TOO_MANY_REQUESTS");
    expect(refused.message).toMatch(/Too many requests/);
    expect(Number(headers.get("Retry-After"))).toBeGreaterThan(0);
  });
});

describe("tenancy", () => {
  it("knows nothing of another business, by name or by id", async () => {
    const outsider = await signUpUser(harness, { fullName: "Owner of another business" });
    const other = await createBusinessFor(outsider);
    const mine = await owner.caller.assistant.ask({
      businessId,
      message: "How much did Naivas pay us this year?",
    });
    expect(mine.toolCalls[0]?.input).toMatchObject({ customerId: expect.any(String) });

    // By name: Naivas is not one of their customers, so no customer is named and no figure of ours appears.
    const byName = await outsider.caller.assistant.ask({
      businessId: other.id,
      message: "How much did Naivas pay us this year?",
    });
    const naivasId = String((mine.toolCalls[0]?.input as { customerId?: string } | undefined)?.customerId);
    expect(JSON.stringify(serializeForWire(byName.toolCalls))).not.toContain(naivasId);
    expect(byName.reply).not.toContain("Naivas");
    expect(byName.reply).toContain("KES 0.00");
    // By id: our business, our conversation, our customer's id all answer NOT_FOUND.
    expect((await refusal(outsider.caller.assistant.ask({ businessId, message: "Habari" }))).code).toBe(
      "NOT_FOUND",
    );
    expect(
      (
        await refusal(
          outsider.caller.assistant.ask({
            businessId: other.id,
            conversationId: mine.conversationId,
            message: "Habari",
          }),
        )
      ).code,
    ).toBe("NOT_FOUND");
    expect(
      (
        await refusal(
          outsider.caller.assistant.conversations.get({
            businessId: other.id,
            conversationId: mine.conversationId,
          }),
        )
      ).code,
    ).toBe("NOT_FOUND");
  });
});
