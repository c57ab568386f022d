import { DEMO_PASSWORD, DEMO_PEOPLE, seedDemo } from "@kavi/db/seed";
import { divideRounded, formatMoney } from "@kavi/domain";
import { ungroundedFigures } from "@kavi/insights/assistant";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addMember,
  createBusinessFor,
  createTestHarness,
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

/** A forecast figure as the cash-flow screen says it: whole shillings. */
const whole = (minor: bigint) => formatMoney(divideRounded(minor, 100n) * 100n, "KES");

beforeAll(async () => {
  harness = await createTestHarness();
  harness.setNow(clock);
  businessId = (await seedDemo(harness.db, { now: clock })).businessId;
  owner = await signInDemo(DEMO_PEOPLE[0]?.email ?? "");
});
afterAll(async () => {
  await harness.close();
});

describe("the cash_forecast tool", () => {
  it("answers the month-end question with the cash-flow screen's projection, lowest point and a card", async () => {
    // What the cash-flow screen shows, through its own procedure.
    const forecast = await owner.caller.forecast.get({ businessId });
    const monthEnd = forecast.points.find((point) => point.day === "2026-11-30");
    if (!monthEnd) throw new Error("the forecast has no 30 November");
    const toMonthEnd = forecast.points.filter((point) => point.day <= "2026-11-30");
    const lowest = toMonthEnd.reduce((low, point) => (point.balanceMinor < low.balanceMinor ? point : low));

    const answer = await owner.caller.assistant.ask({
      businessId,
      message: "Will we have enough cash at the end of the month?",
    });
    expect(answer.intent).toBe("cash_forecast");
    expect(answer.reply).toContain(
      `By 30 November your cash is expected to be ${whole(monthEnd.balanceMinor)}`,
    );
    expect(answer.reply).toContain(
      `likely between ${whole(monthEnd.lowMinor)} and ${whole(monthEnd.highMinor)}`,
    );
    if (lowest.day === "2026-11-30") expect(answer.reply).toContain("That is the lowest point before then.");
    else {
      expect(answer.reply).toContain(`The lowest point is ${whole(lowest.balanceMinor)}`);
      expect(answer.reply).toContain(`around ${Number(lowest.day.slice(8))} November`);
    }
    // Spoken: amounts as words.
    expect(answer.speech).not.toMatch(/KES \d/);
    expect(answer.speech).toMatch(/shillings/);

    const [card] = answer.cards;
    expect(card?.link).toMatchObject({ path: "cash-flow" });
    expect(card?.period).toMatchObject({ from: "2026-11-19", to: "2026-11-30" });
    expect(card?.figures[0]?.amountMinor).toBe(divideRounded(monthEnd.balanceMinor, 100n) * 100n);
    // The chart: one bar a day, today to the month's end.
    expect(card?.chart).toHaveLength(12);
    // Every figure in the reply is one the tool returned (what the guard checks of Gemini's answers).
    const calls = answer.toolCalls.map((call) => ({
      name: call.name,
      input: call.input,
      result: { ok: true, output: call.output },
    }));
    expect(
      ungroundedFigures(answer.reply, calls as never, ["Will we have enough cash at the end of the month?"]),
    ).toEqual([]);
  });

  it("answers in Kiswahili, and to a named month's end", async () => {
    const answer = await owner.caller.assistant.ask({
      businessId,
      message: "Tutakuwa na pesa kiasi gani mwisho wa Desemba?",
    });
    expect(answer.language).toBe("sw");
    expect(answer.toolCalls[0]?.input).toEqual({ to: "2026-12-31" });
    expect(answer.reply).toMatch(/Kufikia tarehe 31 Desemba pesa zenu zinatarajiwa kuwa KES [\d,]+\.00/);
    expect(answer.speech).toMatch(/shilingi/);
    expect(answer.cards[0]?.link?.label).toBe("Fungua mtiririko wa pesa");
  });
});

describe("the credit_score tool", () => {
  it("gives the credit screen's score, band, what holds it back and the service's own tips", async () => {
    const { current } = await owner.caller.credit.get({ businessId });
    expect(current.status).toBe("scored");
    const answer = await owner.caller.assistant.ask({
      businessId,
      message: "What is my credit score and how can I improve it?",
    });
    expect(answer.intent).toBe("credit_score");
    expect(answer.reply).toContain(`Your credit score is ${current.score} out of 850 (${current.band}).`);
    for (const reason of current.reasons.slice(0, 3)) {
      expect(answer.reply).toContain(reason.label);
      if (reason.suggestion) expect(answer.reply).toContain(reason.suggestion);
    }
    const [card] = answer.cards;
    expect(card?.stats).toEqual([
      { label: "Score", value: `${current.score} / 850` },
      { label: "Band", value: current.band },
    ]);
    expect(card?.rows.length).toBe(Math.min(3, current.reasons.length));
    expect(card?.link).toMatchObject({ path: "credit-score" });
  });

  it("answers in Kiswahili with Kiswahili tips", async () => {
    const { current } = await owner.caller.credit.get({ businessId });
    const answer = await owner.caller.assistant.ask({
      businessId,
      message: "Alama yangu ya mkopo ni ngapi?",
    });
    expect(answer.language).toBe("sw");
    expect(answer.reply).toContain(`Alama yenu ya mkopo ni ${current.score} kati ya 850`);
    if (current.reasons.length > 0) expect(answer.reply).toContain("Ili kuipandisha:");
  });
});

describe("a business without enough history", () => {
  it("says so plainly for both, and states no figure", async () => {
    const newcomer = await signUpUser(harness, { fullName: "New duka owner" });
    const business = await createBusinessFor(newcomer);
    const forecast = await newcomer.caller.assistant.ask({
      businessId: business.id,
      message: "Will we have enough cash at the end of the month?",
    });
    expect(forecast.reply).toMatch(/^There isn't enough history for a cash forecast yet/);
    expect(forecast.reply).not.toMatch(/KES/);
    expect(forecast.toolCalls[0]?.output).toMatchObject({ available: false, reason: "not_enough_history" });
    expect(forecast.cards[0]?.figures).toEqual([]);

    const credit = await newcomer.caller.assistant.ask({
      businessId: business.id,
      message: "Alama yangu ya mkopo ni ngapi?",
    });
    expect(credit.reply).toMatch(/^Bado hakuna historia ya kutosha kwa alama ya mkopo/);
    expect(credit.toolCalls[0]?.output).toMatchObject({ status: "insufficient_history", score: null });
    expect(credit.cards[0]?.stats ?? []).toEqual([]);
  });
});

describe("permissions", () => {
  it("refuses a staff member without Reports both, like the screens, with the reason and no figure", async () => {
    const staff = await addMember(harness, owner, businessId, "staff", ["assistant", "invoices"]);
    for (const message of ["Will we have enough cash at the end of the month?", "What's our credit score?"]) {
      const answer = await staff.caller.assistant.ask({ businessId, message });
      expect(answer.reply).toContain("You don't have access to Reports");
      expect(answer.reply).not.toMatch(/KES|\d{3}/);
      expect(answer.cards).toEqual([]);
      expect(answer.toolCalls[0]?.output).toMatchObject({ error: "forbidden" });
    }
  });
});
