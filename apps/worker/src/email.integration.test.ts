import { createTestHarness, signUpUser, type TestHarness } from "@kavi/api/testing";
import { emails } from "@kavi/db";
import type { MailCatcher } from "@kavi/mailcatcher";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestWorker, type TestWorker } from "./testing";

let harness: TestHarness;
let mail: MailCatcher;
let worker: TestWorker;

beforeAll(async () => {
  harness = await createTestHarness();
  worker = await startTestWorker(harness, ["email", "maintenance"]);
  mail = worker.mail;
});

afterAll(async () => {
  await worker.close();
  await harness.close();
});

describe("email delivery", () => {
  it("sends a password-reset email through SMTP and erases the sensitive body once delivered", async () => {
    const user = await signUpUser(harness, { fullName: "Kamau Njoroge" });
    const { caller } = await harness.client();
    await caller.auth.forgotPassword({ email: user.email });
    const message = await mail.waitForMessage(
      (candidate) => candidate.to.includes(user.email) && candidate.subject === "Reset your KAVI password",
      { timeoutMs: 15_000 },
    );
    expect(message.text).toMatch(/http:\/\/localhost:5173\/reset-password\/[A-Za-z0-9_-]{43}/);
    expect(message.html).toContain("Choose a new password");

    const [row] = await harness.db
      .select()
      .from(emails)
      .where(and(eq(emails.toAddress, user.email), eq(emails.template, "account.password_reset")));
    await expect
      .poll(
        async () =>
          (
            await harness.db
              .select()
              .from(emails)
              .where(eq(emails.id, String(row?.id)))
          )[0]?.status,
      )
      .toBe("sent");
    const [sent] = await harness.db
      .select()
      .from(emails)
      .where(eq(emails.id, String(row?.id)));
    expect(sent).toMatchObject({ status: "sent", html: null, textBody: null, attempts: 1 });
  });

  it("delivers outbox rows whose job was lost, through the sweeper, exactly once", async () => {
    const [orphan] = await harness.db
      .insert(emails)
      .values({
        template: "test.orphan",
        toAddress: "orphan@example.co.ke",
        subject: "Written while Redis was down",
        textBody: "Hello",
        createdAt: new Date(Date.now() - 5 * 60_000),
      })
      .returning();
    await harness.jobs.enqueue("email.sweep", {});
    await harness.jobs.enqueue("email.sweep", {});
    await mail.waitForMessage((candidate) => candidate.subject === "Written while Redis was down", {
      timeoutMs: 15_000,
    });
    await expect
      .poll(
        async () =>
          (
            await harness.db
              .select()
              .from(emails)
              .where(eq(emails.id, String(orphan?.id)))
          )[0]?.status,
      )
      .toBe("sent");
    expect(
      mail.messages().filter((candidate) => candidate.subject === "Written while Redis was down"),
    ).toHaveLength(1);
  });
});
