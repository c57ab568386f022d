import { createBusinessFor, createTestHarness, signUpUser, type TestHarness } from "@kavi/api/testing";
import { notifications } from "@kavi/db";
import type { MailCatcher } from "@kavi/mailcatcher";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestWorker, type TestWorker } from "./testing";

let harness: TestHarness;
let mail: MailCatcher;
let worker: TestWorker;

beforeAll(async () => {
  harness = await createTestHarness();
  worker = await startTestWorker(harness, ["email", "budgets"]);
  mail = worker.mail;
});

afterAll(async () => {
  await worker.close();
  await harness.close();
});

describe("budget alerts through the worker", () => {
  it("a transaction that takes spending past 80 % brings the owner a notification and an email", async () => {
    const owner = await signUpUser(harness, { fullName: "Amina Wanjiru" });
    const businessId = (await createBusinessFor(owner)).id;
    const categories = await owner.caller.categories.list({ businessId });
    const transport = categories.find((category) => category.systemKey === "transport_fuel")?.id;
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Africa/Nairobi" }).format(new Date());
    await owner.caller.budgets.create({
      businessId,
      categoryId: String(transport),
      month: today.slice(0, 7),
      amount: "10000",
    });
    await owner.caller.transactions.create({
      businessId,
      type: "expense",
      amount: "8500",
      categoryId: transport,
      transactionDate: today,
    });
    const message = await mail.waitForMessage(
      (candidate) => candidate.to.includes(owner.email) && /budget/.test(candidate.subject),
      { timeoutMs: 20_000 },
    );
    expect(message.subject).toMatch(/^Transport and fuel has used 80% of its budget/);
    const inbox = await harness.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, owner.id), eq(notifications.kind, "budget.warning")));
    expect(inbox).toHaveLength(1);
    expect(inbox[0]?.link).toBe(`/b/${businessId}/budgets`);
  });
});
