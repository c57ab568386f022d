import {
  approvedLoan,
  createTestHarness,
  SAMPLE_LOAN_PRODUCT,
  signUpLendingOfficer,
  type TestHarness,
} from "@kavi/api/testing";
import { loanReminders } from "@kavi/db";
import { addMonths, localDateOf } from "@kavi/domain";
import { schedules } from "@kavi/jobs";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestWorker, type TestWorker } from "./testing";

let harness: TestHarness;
let worker: TestWorker;

beforeAll(async () => {
  harness = await createTestHarness();
  worker = await startTestWorker(harness, ["email", "lending"]);
});

afterAll(async () => {
  await worker.close();
  await harness.close();
});

describe("the daily loan arrears job through the worker", () => {
  it("is scheduled daily, and a run emails the owner the reminder that is due", async () => {
    expect(schedules["lending.arrears-daily"]).toMatchObject({
      job: "lending.arrears-run",
      pattern: "0 8 * * *",
      timezone: "Africa/Nairobi",
    });
    const maker = await signUpLendingOfficer(harness, "Maker");
    const checker = await signUpLendingOfficer(harness, "Checker");
    const productId = (await maker.caller.lending.createProduct(SAMPLE_LOAN_PRODUCT)).id;
    // Sent a month ago (on the harness clock), so the first instalment falls due about today.
    const today = localDateOf(harness.services.now(), "Africa/Nairobi");
    const { loan, owner } = await approvedLoan(
      harness,
      { maker, checker, productId },
      { tenor: 2, disbursedAt: new Date(`${addMonths(today, -1)}T07:00:00Z`) },
    );
    await harness.jobs.enqueue("lending.arrears-run", {});
    const message = await worker.mail.waitForMessage(
      (candidate) => candidate.to.includes(owner.email) && candidate.subject.includes(loan.number),
      { timeoutMs: 30_000 },
    );
    expect(message.text).toContain(`/loans/${loan.id}`);
    const sent = await harness.db.select().from(loanReminders).where(eq(loanReminders.loanId, loan.id));
    expect(sent).toHaveLength(1);
    expect(sent[0]?.emailCount).toBe(1);
  });
});
