import { activityLog, emails, loanInstalments, loanReminders, loans, smsMessages } from "@kavi/db";
import { createSmsClient } from "@kavi/sms";
import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  approvedLoan,
  createTestHarness,
  SAMPLE_LOAN_PRODUCT,
  type SignedInUser,
  signUpLendingOfficer,
  signUpUser,
  type TestHarness,
} from "../../testing";
import { checkLoanArrears, runLoanArrears } from "./arrears";
import { applyLoanRepayment } from "./lifecycle";

let harness: TestHarness;
let desk: { maker: SignedInUser; checker: SignedInUser; productId: string };

// The SMS client only has to exist: reminders go to the outbox; sending is the SMS worker's job.
const sms = createSmsClient({
  baseUrl: "http://127.0.0.1:9",
  username: "sandbox",
  apiKey: "test",
  defaultSenderId: null,
  timeoutSeconds: 1,
});

/** The run at 09:00 Nairobi on a local day: the clock is an input, never the wall clock. */
function at(day: string, withSms = true) {
  const now = new Date(`${day}T06:00:00Z`);
  return harness.serviceContext({ now: () => now, ...(withSms ? { sms } : { sms: null }) });
}

beforeAll(async () => {
  harness = await createTestHarness();
  const maker = await signUpLendingOfficer(harness, "Maker");
  const checker = await signUpLendingOfficer(harness, "Checker");
  const productId = (await maker.caller.lending.createProduct(SAMPLE_LOAN_PRODUCT)).id;
  desk = { maker, checker, productId };
});

afterAll(async () => {
  await harness.close();
});

async function remindersOf(loanId: string) {
  return harness.db
    .select()
    .from(loanReminders)
    .where(eq(loanReminders.loanId, loanId))
    .orderBy(asc(loanReminders.createdAt));
}

describe("the daily arrears run", () => {
  it("reminds before, on and after the due date once each, in the owner's language, and charges penalties once a day", async () => {
    const owner = await signUpUser(harness, { fullName: "Wanjiru Kamau" });
    await owner.caller.profile.update({ language: "sw", phone: "0712 345 678" });
    // 30,000 over 3 months from 10 January: 11,100 due on 10 February, 10 March and 10 April.
    const { loan, businessId } = await approvedLoan(harness, desk, {
      owner,
      disbursedAt: new Date("2026-01-10T07:00:00Z"),
    });

    // Nothing is due yet on 6 February.
    expect((await checkLoanArrears(at("2026-02-06"), loan.id))?.reminder).toBeNull();
    // 3 days before: the first reminder, by email and SMS, in Kiswahili.
    const before = await checkLoanArrears(at("2026-02-07"), loan.id);
    expect(before?.reminder).toEqual({ instalmentNumber: 1, offsetDays: -3, emails: 1, sms: 1 });
    const [email] = await harness.db
      .select()
      .from(emails)
      .where(and(eq(emails.toAddress, owner.email), eq(emails.template, "loan.repayment_reminder")));
    expect(email?.subject).toBe(`Mkopo ${loan.number}: KES 11,100.00 unalipwa tarehe 10 Februari 2026`);
    expect(email?.textBody).toContain(`/b/${businessId}/loans/${loan.id}`);
    const [text] = await harness.db.select().from(smsMessages).where(eq(smsMessages.businessId, businessId));
    expect(text).toMatchObject({ toNumber: "+254712345678", purpose: "loan_reminder" });
    expect(text?.body).toContain(`Akaunti ya Paybill: ${loan.number}`);
    // The same day again sends nothing.
    expect((await checkLoanArrears(at("2026-02-07"), loan.id))?.reminder).toBeNull();
    expect((await checkLoanArrears(at("2026-02-09"), loan.id))?.reminder).toBeNull();
    // On the day.
    expect((await checkLoanArrears(at("2026-02-10"), loan.id))?.reminder?.offsetDays).toBe(0);

    // The first instalment is paid on time; the second is missed.
    await applyLoanRepayment(harness.serviceContext(), loan.id, {
      amountMinor: 1_110_000n,
      reference: `STK${loan.number}A`,
      channel: "stk",
      receivedAt: new Date("2026-02-10T08:00:00Z"),
    });
    const late = await checkLoanArrears(at("2026-03-11"), loan.id);
    expect(late).toMatchObject({ arrearsSince: "2026-03-10", penaltyChargedMinor: 0n });
    expect(late?.reminder).toMatchObject({ instalmentNumber: 2, offsetDays: 1 });
    const [marked] = await harness.db.select().from(loans).where(eq(loans.id, loan.id));
    expect(marked?.arrearsSince).toBe("2026-03-10");

    // A week late: 5 % per 30 days on 11,100 for the 4 days past the 3 grace days = KES 74.00, charged once.
    const week = await checkLoanArrears(at("2026-03-17"), loan.id);
    expect(week?.penaltyChargedMinor).toBe(7_400n);
    expect(week?.reminder?.offsetDays).toBe(7);
    expect((await checkLoanArrears(at("2026-03-17"), loan.id))?.penaltyChargedMinor).toBe(0n);
    const [second] = await harness.db
      .select()
      .from(loanInstalments)
      .where(and(eq(loanInstalments.loanId, loan.id), eq(loanInstalments.number, 2)));
    expect(second?.penaltyMinor).toBe(7_400n);
    const weekEmail = (
      await harness.db
        .select()
        .from(emails)
        .where(eq(emails.toAddress, owner.email))
        .orderBy(asc(emails.createdAt))
    ).at(-1);
    expect(weekEmail?.subject).toBe(`Mkopo ${loan.number} umechelewa kwa siku 7`);
    expect(weekEmail?.textBody).toContain("faini ya kuchelewa ya KES 74.00");

    // Paid in full: back to current, audited both ways.
    await applyLoanRepayment(harness.serviceContext(), loan.id, {
      amountMinor: 2_220_000n + 7_400n,
      reference: `PB${loan.number}B`,
      channel: "paybill",
      receivedAt: new Date("2026-03-17T10:00:00Z"),
    });
    expect(await checkLoanArrears(at("2026-03-18"), loan.id)).toBeNull();
    expect((await remindersOf(loan.id)).map((row) => [row.instalmentNumber, row.offsetDays])).toEqual([
      [1, -3],
      [1, 0],
      [2, 1],
      [2, 7],
    ]);
    const audit = await harness.db
      .select({ action: activityLog.action })
      .from(activityLog)
      .where(and(eq(activityLog.entityId, loan.id), eq(activityLog.businessId, businessId)))
      .orderBy(asc(activityLog.createdAt));
    expect(audit.map((row) => row.action)).toEqual(
      expect.arrayContaining(["loan.in_arrears", "loan.reminder_sent"]),
    );
  });

  it("marks arrears back to current, emails in English by default, and sends no SMS where SMS is not set up", async () => {
    const { loan, businessId, owner } = await approvedLoan(harness, desk, {
      disbursedAt: new Date("2026-01-10T07:00:00Z"),
    });
    await owner.caller.profile.update({ phone: "0722 000 111" });
    const late = await checkLoanArrears(at("2026-02-11", false), loan.id);
    expect(late?.reminder).toEqual({ instalmentNumber: 1, offsetDays: 1, emails: 1, sms: 0 });
    const [email] = await harness.db
      .select()
      .from(emails)
      .where(and(eq(emails.toAddress, owner.email), eq(emails.template, "loan.repayment_reminder")));
    expect(email?.subject).toBe(`Loan ${loan.number} is 1 day overdue`);
    expect(await harness.db.select().from(smsMessages).where(eq(smsMessages.businessId, businessId))).toEqual(
      [],
    );
    await applyLoanRepayment(harness.serviceContext(), loan.id, {
      amountMinor: 1_110_000n,
      reference: `STK${loan.number}C`,
      channel: "stk",
      receivedAt: new Date("2026-02-11T08:00:00Z"),
    });
    expect((await checkLoanArrears(at("2026-02-12", false), loan.id))?.arrearsSince).toBeNull();
    const actions = await harness.db
      .select({ action: activityLog.action })
      .from(activityLog)
      .where(eq(activityLog.entityId, loan.id));
    expect(actions.map((row) => row.action)).toEqual(
      expect.arrayContaining(["loan.in_arrears", "loan.arrears_cleared"]),
    );
  });

  it("runs over every active loan and skips loans not being repaid", async () => {
    const { loan: pending } = await approvedLoan(harness, desk);
    const summary = await runLoanArrears(at("2026-02-20", false));
    expect(summary.loans).toBeGreaterThanOrEqual(1);
    expect(await checkLoanArrears(at("2026-02-20"), pending.id)).toBeNull();
    expect(await remindersOf(pending.id)).toEqual([]);
    // A second run the same day sends and charges nothing more.
    const again = await runLoanArrears(at("2026-02-20", false));
    expect(again).toMatchObject({ reminders: 0, penaltyChargedMinor: "0" });
  });
});
