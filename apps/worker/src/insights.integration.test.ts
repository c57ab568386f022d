import { createBusinessFor, createTestHarness, signUpUser, type TestHarness } from "@kavi/api/testing";
import { creditScores, forecasts } from "@kavi/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestWorker, type TestWorker } from "./testing";

let harness: TestHarness;
let worker: TestWorker;

beforeAll(async () => {
  harness = await createTestHarness();
  worker = await startTestWorker(harness, ["email", "insights"]);
});

afterAll(async () => {
  await worker.close();
  await harness.close();
});

async function waitFor<T>(read: () => Promise<T | null | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe("forecast and credit jobs through the worker", () => {
  it("the nightly runs store one forecast per day and a credit score per month, however often they run", {
    timeout: 90_000,
  }, async () => {
    const owner = await signUpUser(harness);
    const businessId = (await createBusinessFor(owner)).id;
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Africa/Nairobi" }).format(new Date());
    await owner.caller.transactions.create({
      businessId,
      type: "income",
      amount: "12,000",
      transactionDate: today,
    });

    for (let run = 0; run < 2; run += 1) {
      await harness.jobs.enqueue("forecast.refresh", { businessId }, { jobId: `test-forecast-${run}` });
      await harness.jobs.enqueue("credit.refresh", { businessId }, { jobId: `test-credit-${run}` });
    }
    await harness.jobs.enqueue("forecast.refresh-all", {});
    const stored = await waitFor(async () => {
      const rows = await harness.db.select().from(forecasts).where(eq(forecasts.businessId, businessId));
      return rows.length > 0 ? rows : null;
    });
    const months = await waitFor(async () => {
      const rows = await harness.db
        .select()
        .from(creditScores)
        .where(eq(creditScores.businessId, businessId));
      return rows.length >= 12 ? rows : null;
    });
    // Let every queued run finish (the refresh the transaction asked for waits, delayed, for its window to
    // close), then check nothing was doubled.
    await waitFor(async () => {
      const counts = await harness.jobs.queue("insights").getJobCounts("waiting", "active", "prioritized");
      return (counts.waiting ?? 0) + (counts.active ?? 0) + (counts.prioritized ?? 0) === 0 ? true : null;
    });
    expect(stored).toHaveLength(1);
    expect(stored[0]?.asOf).toBe(today);
    expect(months).toHaveLength(12);
    expect(
      await harness.db.select().from(forecasts).where(eq(forecasts.businessId, businessId)),
    ).toHaveLength(1);
    expect(
      await harness.db.select().from(creditScores).where(eq(creditScores.businessId, businessId)),
    ).toHaveLength(12);
  });
});
