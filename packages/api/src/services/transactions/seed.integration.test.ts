import { budgets, customers, transactions } from "@kavi/db";
import { seedDemo } from "@kavi/db/seed";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestHarness, type TestHarness } from "../../testing";
import { analyticsSummary } from "../analytics";
import { listBudgets } from "../budgets/budgets";

let harness: TestHarness;

beforeAll(async () => {
  harness = await createTestHarness();
});
afterAll(async () => {
  await harness.close();
});

// Mid-October, so the twelve months shown hold a whole December and a whole January whatever today is.
const clock = new Date("2026-10-15T09:00:00+03:00");

describe("demo seed: a year of Wanjiru Fresh Produce", () => {
  it("is believable, deterministic and idempotent", async () => {
    const first = await seedDemo(harness.db, { now: clock });
    expect(first.ledger.customers).toBeGreaterThanOrEqual(12);
    expect(first.ledger.transactions).toBeGreaterThan(500);
    const count = async () =>
      (
        await harness.db
          .select({ n: sql<number>`count(*)::int` })
          .from(transactions)
          .where(eq(transactions.businessId, first.businessId))
      )[0]?.n;
    const before = await count();
    const fingerprint = await harness.db.execute<{ total: string }>(
      sql`select sum(base_amount_minor)::text || ':' || count(*)::text as total from transactions where business_id = ${first.businessId}`,
    );
    const second = await seedDemo(harness.db, { now: clock });
    expect(second.businessId).toBe(first.businessId);
    expect(second.ledger).toMatchObject({ transactions: 0, budgets: 0 });
    expect(await count()).toBe(before);
    const again = await harness.db.execute<{ total: string }>(
      sql`select sum(base_amount_minor)::text || ':' || count(*)::text as total from transactions where business_id = ${first.businessId}`,
    );
    expect(again.rows).toEqual(fingerprint.rows);
    expect(
      (await harness.db.select().from(customers).where(eq(customers.businessId, first.businessId))).length,
    ).toBe(14);

    const now = clock;
    const ledgerBusiness = { id: first.businessId, baseCurrency: "KES", timezone: "Africa/Nairobi" };
    const summary = await analyticsSummary(harness.db, ledgerBusiness, {}, now);
    expect(summary.totals.incomeMinor).toBeGreaterThan(summary.totals.expenseMinor);
    const december = summary.series.find((point) => point.bucket.endsWith("-12-01"));
    const january = summary.series.find((point) => point.bucket.endsWith("-01-01"));
    expect(december?.incomeMinor).toBeGreaterThan(january?.incomeMinor ?? 0n);
    const sources = await harness.db.execute<{ currency: string; n: number }>(
      sql`select currency, count(*)::int as n from transactions where business_id = ${first.businessId} group by 1 order by 1`,
    );
    expect(sources.rows.map((row) => row.currency)).toEqual(["KES", "USD"]);
    const charges = await harness.db.execute<{ n: number }>(sql`
      select count(*)::int as n from transactions t join categories c on c.id = t.category_id
      where t.business_id = ${first.businessId} and c.system_key = 'mpesa_charges'`);
    expect(charges.rows[0]?.n).toBeGreaterThan(20);

    const budgetRows = await harness.db
      .select()
      .from(budgets)
      .where(eq(budgets.businessId, first.businessId));
    expect(budgetRows.length).toBeGreaterThanOrEqual(18);
    const lastMonth = new Date(now.getTime() - 32 * 86_400_000).toISOString().slice(0, 7);
    const progress = await listBudgets(harness.db, ledgerBusiness, lastMonth, now);
    const statuses = new Set(progress.items.map((item) => item.status));
    expect(statuses.has("over")).toBe(true);
    expect(statuses.has("on_track")).toBe(true);
  });
});
