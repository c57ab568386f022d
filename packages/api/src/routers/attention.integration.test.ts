import { DEMO_PASSWORD, DEMO_PEOPLE, seedDemo } from "@kavi/db/seed";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refreshForecast } from "../services/forecast";
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

beforeAll(async () => {
  harness = await createTestHarness();
  harness.setNow(clock);
  businessId = (await seedDemo(harness.db, { now: clock })).businessId;
  const { caller: anonymous, cookies } = await harness.client();
  const result = await anonymous.auth.signIn({ email: DEMO_PEOPLE[0]?.email ?? "", password: DEMO_PASSWORD });
  if (!("accessToken" in result)) throw new Error("demo sign-in needs a second step");
  const { caller } = await harness.client({ accessToken: result.accessToken, cookies });
  owner = { ...result.user, accessToken: result.accessToken, caller, cookies };
});
afterAll(async () => {
  await harness.close();
});

/** Counted apart from the service: straight from the tables. */
async function sqlCount(query: ReturnType<typeof sql>): Promise<{ count: number; amount: bigint }> {
  const result = await harness.db.execute<{ count: number; amount: string }>(query);
  return { count: Number(result.rows[0]?.count ?? 0), amount: BigInt(result.rows[0]?.amount ?? "0") };
}

describe("dashboard.attention", () => {
  it("gives the owner every section, with the counts and amounts the tables hold", async () => {
    const attention = await owner.caller.dashboard.attention({ businessId });
    const overdue = await sqlCount(sql`
      select count(*)::int as count,
        coalesce(sum(round((total_minor - amount_paid_minor - credited_minor) * exchange_rate)), 0)::text as amount
      from invoices where business_id = ${businessId}
        and status in ('sent', 'partially_paid', 'overdue') and due_date < '2026-11-19'`);
    expect(overdue.count).toBeGreaterThan(0);
    expect(attention.overdueInvoices).toEqual({
      count: overdue.count,
      amountMinor: overdue.amount,
      currency: "KES",
    });
    const unreconciled = await sqlCount(sql`
      select count(*)::int as count, coalesce(sum(amount_minor), 0)::text as amount
      from mpesa_payments where business_id = ${businessId} and status = 'unreconciled'`);
    expect(attention.unreconciledPayments).toMatchObject({
      count: unreconciled.count,
      amountMinor: unreconciled.amount,
    });
    expect(attention.budgetsOver).toMatchObject({ month: "2026-11" });
    expect(attention.lowCash).not.toBeNull();
    expect(attention.payoutApprovals).not.toBeNull();
    expect(attention.reversalApprovals).not.toBeNull();
  });

  it("flags low cash from the stored forecast when it goes below the alert level", async () => {
    await owner.caller.forecast.setThreshold({ businessId, amount: "100000000" });
    await refreshForecast(harness.serviceContext(), businessId, clock);
    const attention = await owner.caller.dashboard.attention({ businessId });
    expect(attention.lowCash?.low).toMatchObject({ thresholdMinor: 10_000_000_000n, currency: "KES" });
    expect(attention.lowCash?.low?.lowestOn).toMatch(/^2026-/);
    await owner.caller.forecast.setThreshold({ businessId, amount: null });
    expect((await owner.caller.dashboard.attention({ businessId })).lowCash?.low).toBeNull();
  });

  it("shows a staff member only the sections their modules open", async () => {
    const staff = await addMember(harness, owner, businessId, "staff", ["transactions"]);
    const attention = await staff.caller.dashboard.attention({ businessId });
    expect(attention).toMatchObject({
      overdueInvoices: null,
      unreconciledPayments: null,
      budgetsOver: null,
      lowCash: null,
      payoutApprovals: null,
      reversalApprovals: null,
    });
    const invoicing = await addMember(harness, owner, businessId, "staff", ["invoices"]);
    const theirs = await invoicing.caller.dashboard.attention({ businessId });
    expect(theirs.overdueInvoices).not.toBeNull();
    expect(theirs.budgetsOver).toBeNull();
  });

  it("is all clear for a new business, and knows nothing of another business", async () => {
    const newcomer = await signUpUser(harness, { fullName: "New duka owner" });
    const business = await createBusinessFor(newcomer);
    const attention = await newcomer.caller.dashboard.attention({ businessId: business.id });
    expect(attention.overdueInvoices?.count).toBe(0);
    expect(attention.unreconciledPayments?.count).toBe(0);
    expect(attention.budgetsOver?.count).toBe(0);
    expect(attention.lowCash).toEqual({ low: null });
    expect(attention.payoutApprovals?.count).toBe(0);
    expect(attention.reversalApprovals?.count).toBe(0);
    expect((await refusal(newcomer.caller.dashboard.attention({ businessId }))).code).toBe("NOT_FOUND");
  });
});
