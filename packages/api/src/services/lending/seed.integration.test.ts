import { loanProducts, users } from "@kavi/db";
import { DEMO_LOAN_PRODUCTS, DEMO_PEOPLE, seedDemo } from "@kavi/db/seed";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestHarness, type TestHarness } from "../../testing";
import { listLoanOffers } from "./products";

let harness: TestHarness;
let businessId: string;
const now = new Date("2026-12-05T09:00:00Z");

beforeAll(async () => {
  harness = await createTestHarness();
  businessId = (await seedDemo(harness.db, { now })).businessId;
});
afterAll(async () => {
  await harness.close();
});

describe("the demo's loan products", () => {
  it("are offered to the demo business, whose books earn the score they ask", async () => {
    const business = { id: businessId, baseCurrency: "KES", timezone: "Africa/Nairobi" };
    const answer = await listLoanOffers(harness.db, business, now);
    expect(answer.score).not.toBeNull();
    expect(answer.offers.map((offer) => offer.name).sort()).toEqual(
      DEMO_LOAN_PRODUCTS.map((product) => product.name).sort(),
    );
    expect(answer.scoreNeeded).toBeNull();
  });

  it("are published by the platform operator, once, and an edit made on the desk survives a second seed", async () => {
    const [operator] = await harness.db
      .select({ id: users.id })
      .from(users)
      .where(eq(users.email, DEMO_PEOPLE.find((person) => person.isSuperAdmin)?.email ?? ""));
    const rows = await harness.db.select().from(loanProducts);
    expect(rows).toHaveLength(DEMO_LOAN_PRODUCTS.length);
    expect(new Set(rows.map((row) => row.createdByUserId))).toEqual(new Set([operator?.id]));
    await harness.db
      .update(loanProducts)
      .set({ annualInterestRateBps: 2_000, active: false })
      .where(eq(loanProducts.name, "Working capital"));

    await seedDemo(harness.db, { now });
    const again = await harness.db.select().from(loanProducts);
    expect(again).toHaveLength(DEMO_LOAN_PRODUCTS.length);
    expect(again.find((row) => row.name === "Working capital")).toMatchObject({
      annualInterestRateBps: 2_000,
      active: false,
    });
  });
});
