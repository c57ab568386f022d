import { emails, forecasts, notifications } from "@kavi/db";
import { addDays, localDateOf } from "@kavi/domain";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refreshAllCreditScores } from "../services/credit";
import { refreshAllForecasts, refreshForecast } from "../services/forecast";
import {
  addMember,
  createBusinessFor,
  createTestHarness,
  refusal,
  type SignedInUser,
  signUpUser,
  type TestHarness,
} from "../testing";

let harness: TestHarness;

beforeAll(async () => {
  harness = await createTestHarness();
});
afterAll(async () => {
  await harness.close();
});

const deps = () => harness.serviceContext();

/** A business with four months of rent on the same day and daily sales, so the model has something to find. */
async function businessWithHistory(): Promise<{ user: SignedInUser; id: string; today: string }> {
  const user = await signUpUser(harness);
  const id = (await createBusinessFor(user)).id;
  const today = localDateOf(new Date(), "Africa/Nairobi");
  const list = await user.caller.categories.list({ businessId: id });
  const category = (key: string) => String(list.find((item) => item.systemKey === key)?.id);
  await user.caller.cashFlow.setOpeningBalance({
    businessId: id,
    amount: "100,000",
    date: addDays(today, -130),
  });
  for (let month = 4; month >= 1; month -= 1) {
    await user.caller.transactions.create({
      businessId: id,
      type: "expense",
      amount: "40,000",
      categoryId: category("rent"),
      transactionDate: addDays(today, -30 * month + 5),
    });
  }
  for (let day = 120; day >= 1; day -= 3) {
    await user.caller.transactions.create({
      businessId: id,
      type: "income",
      amount: "2,000",
      categoryId: category("sales"),
      transactionDate: addDays(today, -day),
    });
  }
  return { user, id, today };
}

describe("cash-flow forecast", () => {
  it("names the nightly jobs by Nairobi's date, also just after midnight when UTC is still on yesterday", async () => {
    const user = await signUpUser(harness);
    const id = (await createBusinessFor(user)).id;
    const list = await user.caller.categories.list({ businessId: id });
    await user.caller.transactions.create({
      businessId: id,
      type: "income",
      amount: "2,000",
      categoryId: String(list.find((item) => item.systemKey === "sales")?.id),
      transactionDate: "2026-10-15",
    });
    // 00:30 on 1 December in Nairobi is 21:30 on 30 November in UTC.
    const night = new Date("2026-11-30T21:30:00Z");
    expect(await refreshAllForecasts(deps(), night)).toBeGreaterThanOrEqual(1);
    expect(await refreshAllCreditScores(deps(), night)).toBeGreaterThanOrEqual(1);
    const insights = harness.jobs.queue("insights");
    expect(await insights.getJob(`forecast-nightly-${id}-2026-12-01`)).toBeTruthy();
    expect(await insights.getJob(`credit-nightly-${id}-2026-12-01`)).toBeTruthy();
    expect(await insights.getJob(`forecast-nightly-${id}-2026-11-30`)).toBeFalsy();
  });

  it("forecasts 90 days from today's balance, stores it by day, and answers what-ifs without storing them", async () => {
    const { user, id, today } = await businessWithHistory();
    const live = await user.caller.forecast.get({ businessId: id });
    expect(live.live).toBe(true);
    expect(live.points).toHaveLength(90);
    expect(live.points[0]?.day).toBe(today);
    // Opening 100,000 + 40 sales of 2,000 − 4 rents of 40,000.
    expect(live.startBalanceMinor).toBe(100_000_00n + 40n * 2_000_00n - 4n * 40_000_00n);
    expect(live.recurringExpenses).toEqual([
      expect.objectContaining({ label: "Rent", intervalDays: 30, typicalMinor: 40_000_00n }),
    ]);
    expect(live.summary.sentences.length).toBeGreaterThanOrEqual(2);
    expect(live.summary.sentencesByLanguage.sw).toHaveLength(live.summary.sentences.length);

    const first = await refreshForecast(deps(), id);
    const again = await refreshForecast(deps(), id);
    expect(again?.asOf).toBe(first?.asOf);
    const rows = await harness.db.select().from(forecasts).where(eq(forecasts.businessId, id));
    expect(rows).toHaveLength(1);
    const stored = await user.caller.forecast.get({ businessId: id });
    expect(stored.live).toBe(false);
    expect(stored.points.map((point) => point.balanceMinor)).toEqual(
      live.points.map((point) => point.balanceMinor),
    );

    const moved = await user.caller.forecast.whatIf({
      businessId: id,
      invoices: [],
      expenses: [{ key: live.recurringExpenses[0]?.key ?? "", shiftDays: 5 }],
    });
    const rentDays = (events: { kind: string; day: string }[]) =>
      events.filter((event) => event.kind === "recurring_expense").map((event) => event.day);
    expect(rentDays(moved.events)).toEqual(rentDays(live.events).map((day) => addDays(day, 5)));
    expect(await harness.db.select().from(forecasts).where(eq(forecasts.businessId, id))).toHaveLength(1);

    const unknown = await refusal(
      user.caller.forecast.whatIf({
        businessId: id,
        invoices: [{ invoiceId: "00000000-0000-4000-8000-000000000000", outcome: "unpaid" }],
        expenses: [],
      }),
    );
    expect(unknown.code).toBe("NOT_FOUND");
  });

  it("alerts owners once per episode when the forecast crosses below the threshold", async () => {
    const { user, id } = await businessWithHistory();
    const bad = await refusal(user.caller.forecast.setThreshold({ businessId: id, amount: "lots" }));
    expect(bad.code).toBe("BAD_REQUEST");
    await user.caller.forecast.setThreshold({ businessId: id, amount: "10,000,000" });
    const first = await refreshForecast(deps(), id);
    expect(first?.alert.state).toBe("sent");
    const second = await refreshForecast(deps(), id);
    expect(second?.alert.state).toBe("ongoing");
    const sent = await harness.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.businessId, id), eq(notifications.kind, "forecast.low_cash")));
    expect(sent).toHaveLength(1);
    const mail = await harness.db
      .select()
      .from(emails)
      .where(and(eq(emails.businessId, id), eq(emails.template, "forecast-low-cash")));
    expect(mail).toHaveLength(1);
    expect(mail[0]?.subject).toContain("Cash may fall below KES 10,000,000");

    // A new threshold starts a new episode: the business burns cash, so it falls below KES 1 too, and says so once.
    await user.caller.forecast.setThreshold({ businessId: id, amount: "1" });
    expect((await refreshForecast(deps(), id))?.alert.state).toBe("sent");
    expect((await refreshForecast(deps(), id))?.alert.state).toBe("ongoing");
    const view = await user.caller.forecast.get({ businessId: id });
    expect(view.summary.belowThreshold?.thresholdMinor).toBe(100n);
    expect(view.thresholdMinor).toBe(100n);
    await user.caller.forecast.setThreshold({ businessId: id, amount: null });
    expect((await refreshForecast(deps(), id))?.alert.state).toBe("none");
  });

  it("keeps forecasts to their business and the threshold to owners and admins", async () => {
    const { id } = await businessWithHistory();
    const stranger = await signUpUser(harness);
    await createBusinessFor(stranger);
    expect((await refusal(stranger.caller.forecast.get({ businessId: id }))).code).toBe("NOT_FOUND");
    const owner = await signUpUser(harness);
    const ownBusiness = (await createBusinessFor(owner)).id;
    const viewer = await addMember(harness, owner, ownBusiness, "viewer", ["reports"]);
    expect((await viewer.caller.forecast.get({ businessId: ownBusiness })).points).toHaveLength(90);
    const refused = await refusal(
      viewer.caller.forecast.setThreshold({ businessId: ownBusiness, amount: "5000" }),
    );
    expect(refused.code).toBe("FORBIDDEN");
  });
});
