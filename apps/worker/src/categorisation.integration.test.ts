import { type FakeGemini, startFakeGemini } from "@kavi/ai/fake";
import { aiSettingsFromEnv } from "@kavi/api/services";
import { createBusinessFor, createTestHarness, signUpUser, type TestHarness } from "@kavi/api/testing";
import { categorisationRuns, transactions } from "@kavi/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestWorker, type TestWorker } from "./testing";

let harness: TestHarness;
let worker: TestWorker;
let gemini: FakeGemini;

beforeAll(async () => {
  harness = await createTestHarness();
  gemini = await startFakeGemini();
  worker = await startTestWorker(harness, ["categorisation", "budgets"], {
    ai: aiSettingsFromEnv({
      GEMINI_API_KEY: "worker-test-key",
      GEMINI_BASE_URL: gemini.url,
      GEMINI_MODEL: "gemini-2.5-flash",
      GEMINI_TIMEOUT_MS: 5_000,
      AI_DAILY_REQUESTS_PER_BUSINESS: 10,
    }),
  });
});

afterAll(async () => {
  await worker.close();
  await gemini.close();
  await harness.close();
});

/** Polls until the condition holds (a job runs after its window closes), never sleeping a fixed time. */
async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe("categorisation through the worker", () => {
  it("a row booked without a category is categorised by the pass queued after commit", async () => {
    const owner = await signUpUser(harness);
    const businessId = (await createBusinessFor(owner)).id;
    const created = await owner.caller.transactions.create({
      businessId,
      type: "expense",
      amount: "1200",
      description: "Token za stima",
      transactionDate: "2026-11-20",
    });
    const row = await eventually(
      async () => (await harness.db.select().from(transactions).where(eq(transactions.id, created.id)))[0],
      (value) => value?.categoryId !== null,
    );
    // No history yet, so the learned model is unsure and Gemini (the fake) categorises it.
    expect(row).toMatchObject({ categorySource: "ai" });
    // The run is marked completed just after the row is written: wait for it rather than read it once.
    const runs = await eventually(
      () => harness.db.select().from(categorisationRuns).where(eq(categorisationRuns.businessId, businessId)),
      (value) => value[0]?.status === "completed",
    );
    expect(runs[0]).toMatchObject({ scope: "new", status: "completed", aiApplied: 1 });
  });

  it("'Categorise all' runs once, reports progress, and a second press answers the same run", async () => {
    const owner = await signUpUser(harness);
    const businessId = (await createBusinessFor(owner)).id;
    const run = await owner.caller.categorisation.runs.start({ businessId });
    expect((await owner.caller.categorisation.runs.start({ businessId })).id).toBe(run.id);
    const finished = await eventually(
      () => owner.caller.categorisation.runs.get({ businessId, runId: run.id }),
      (value) => value?.status === "completed",
    );
    expect(finished).toMatchObject({ status: "completed", total: 0 });
  });
});
