import { silentLogger } from "@kavi/api";
import { createBusinessFor, createTestHarness, signUpUser, type TestHarness } from "@kavi/api/testing";
import { notifications } from "@kavi/db";
import { createRedis } from "@kavi/jobs";
import { type MailCatcher, startMailCatcher } from "@kavi/mailcatcher";
import { testRun } from "@kavi/testing";
import { and, eq } from "drizzle-orm";
import type { Redis } from "ioredis";
import { createTransport } from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorkerRuntime, type WorkerRuntime } from "./runtime";

let harness: TestHarness;
let mail: MailCatcher;
let runtime: WorkerRuntime;
let workerConnection: Redis;

beforeAll(async () => {
  harness = await createTestHarness();
  mail = await startMailCatcher({ smtpPort: 0, httpPort: 0 });
  workerConnection = createRedis(testRun().redisUrl, "worker");
  runtime = await startWorkerRuntime({
    deps: {
      db: harness.db,
      jobs: harness.jobs,
      mailer: createTransport({ host: "127.0.0.1", port: mail.smtpPort, secure: false, ignoreTLS: true }),
      mailFrom: "KAVI <no-reply@kavi.test>",
      logger: silentLogger,
      appUrl: "http://localhost:5173",
      mpesa: harness.services.config.mpesa,
    },
    connection: workerConnection,
    prefix: harness.services.config.redisPrefix,
    queues: ["email", "budgets"],
  });
});

afterAll(async () => {
  await runtime.close();
  workerConnection.disconnect();
  await mail.close();
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
    const message = await mail.waitForMessage((candidate) => candidate.to.includes(owner.email), {
      timeoutMs: 20_000,
    });
    expect(message.subject).toMatch(/^Transport and fuel has used 80% of its budget/);
    const inbox = await harness.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, owner.id), eq(notifications.kind, "budget.warning")));
    expect(inbox).toHaveLength(1);
    expect(inbox[0]?.link).toBe(`/b/${businessId}/budgets`);
  });
});
