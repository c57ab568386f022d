import { activityLog, businesses, emails, memberships, scheduledReportSends, users } from "@kavi/db";
import { DEFAULT_NOTIFICATION_PREFERENCES } from "@kavi/domain";
import { newObjectKey } from "@kavi/storage";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  deleteDueAccounts,
  deleteDueBusinesses,
  MONTHLY_REPORT_ATTACHMENT,
  previousMonth,
  previousWeek,
  renderMonthlyReportAttachment,
  sendMonthlyReport,
  sendWeeklySummary,
} from "../services";
import {
  addMember,
  createBusinessFor,
  createTestHarness,
  pdfText,
  refusal,
  signUpUser,
  TEST_PASSWORD,
  type TestHarness,
} from "../testing";

let harness: TestHarness;

beforeAll(async () => {
  harness = await createTestHarness();
});

afterAll(async () => {
  await harness.close();
});

const DAY = 86_400_000;

describe("period helpers", () => {
  it("last week is the Monday-to-Sunday before today's week; last month is the calendar month before", () => {
    expect(previousWeek("2026-11-30")).toEqual({ from: "2026-11-23", to: "2026-11-29" });
    expect(previousWeek("2026-12-03")).toEqual({ from: "2026-11-23", to: "2026-11-29" });
    expect(previousWeek("2026-12-06")).toEqual({ from: "2026-11-23", to: "2026-11-29" });
    expect(previousMonth("2026-12-01")).toBe("2026-11");
    expect(previousMonth("2026-01-01")).toBe("2025-12");
  });
});

describe("deleting a business: grace period, restore, final deletion", () => {
  it("schedules, restores, schedules again, and the daily job deletes it and its stored objects after the grace", async () => {
    const owner = await signUpUser(harness, { fullName: "Amina Wanjiru" });
    const business = await createBusinessFor(owner, "Grace Period Traders Ltd");
    const member = await addMember(harness, owner, business.id, "viewer");
    const key = newObjectKey(business.id, "receipt");
    await harness.services.storage.put(key, new Uint8Array([1, 2, 3]), "image/png");

    const scheduled = await owner.caller.business.delete({
      businessId: business.id,
      confirmation: "grace period traders ltd",
    });
    const grace = harness.services.config.dataRights.businessDeletionGraceDays;
    expect(scheduled.deleteAfter.getTime() - Date.now()).toBeGreaterThan((grace - 1) * DAY);
    const read = await owner.caller.business.get({ businessId: business.id });
    expect(read.deletionRequestedAt).toBeInstanceOf(Date);
    // Members are told, in the outbox.
    const told = await harness.db
      .select({ to: emails.toAddress })
      .from(emails)
      .where(and(eq(emails.template, "business-deletion-scheduled"), eq(emails.businessId, business.id)));
    expect(told.map((row) => row.to).sort()).toEqual([owner.email, member.email].sort());
    // Twice is refused; a viewer cannot restore.
    expect(
      (
        await refusal(
          owner.caller.business.delete({ businessId: business.id, confirmation: "Grace Period Traders Ltd" }),
        )
      ).code,
    ).toBe("CONFLICT");
    expect((await refusal(member.caller.business.restore({ businessId: business.id }))).code).toBe(
      "FORBIDDEN",
    );

    await owner.caller.business.restore({ businessId: business.id });
    expect((await owner.caller.business.get({ businessId: business.id })).deletionRequestedAt).toBeNull();
    await owner.caller.business.delete({ businessId: business.id, confirmation: "Grace Period Traders Ltd" });

    // Not yet due: nothing happens.
    const ctx = harness.serviceContext();
    expect(await deleteDueBusinesses(ctx, new Date(Date.now() + (grace - 1) * DAY))).toBe(0);
    expect(await harness.services.storage.head(key)).not.toBeNull();

    expect(await deleteDueBusinesses(ctx, new Date(Date.now() + (grace + 1) * DAY))).toBe(1);
    const [gone] = await harness.db.select().from(businesses).where(eq(businesses.id, business.id));
    expect(gone).toBeUndefined();
    expect((await refusal(owner.caller.business.get({ businessId: business.id }))).code).toBe("NOT_FOUND");
    await expect.poll(() => harness.services.storage.head(key)).toBeNull();
    const audit = await harness.db
      .select({ action: activityLog.action })
      .from(activityLog)
      .where(eq(activityLog.entityId, business.id));
    expect(audit.map((row) => row.action)).toContain("business.deleted");
    const farewell = await harness.db
      .select({ to: emails.toAddress })
      .from(emails)
      .where(eq(emails.template, "business-deleted"));
    expect(farewell.map((row) => row.to)).toEqual(expect.arrayContaining([owner.email, member.email]));
  });

  it("only the legal name typed exactly confirms, and only an owner may ask", async () => {
    const owner = await signUpUser(harness);
    const business = await createBusinessFor(owner, "Exact Name Ltd");
    const admin = await addMember(harness, owner, business.id, "admin");
    expect(
      (
        await refusal(
          admin.caller.business.delete({ businessId: business.id, confirmation: "Exact Name Ltd" }),
        )
      ).code,
    ).toBe("FORBIDDEN");
    expect(
      (await refusal(owner.caller.business.delete({ businessId: business.id, confirmation: "Exact Name" })))
        .code,
    ).toBe("BAD_REQUEST");
    expect((await owner.caller.business.get({ businessId: business.id })).deletionRequestedAt).toBeNull();
  });
});

describe("deleting an account", () => {
  it("is refused while the only owner of a business with other members, with a clear message", async () => {
    const owner = await signUpUser(harness);
    const business = await createBusinessFor(owner, "Shared Shop Ltd");
    await addMember(harness, owner, business.id, "staff", ["transactions"]);
    const error = await refusal(owner.caller.dataRights.deleteAccount({ password: TEST_PASSWORD }));
    expect(error.code).toBe("PRECONDITION_FAILED");
    expect(error.message).toMatch(/only owner of Shared Shop/);
    const [still] = await harness.db.select().from(users).where(eq(users.id, owner.id));
    expect(still).toBeDefined();
  });

  it("needs the password, then schedules the deletion, signs out everywhere and emails the date", async () => {
    const user = await signUpUser(harness, { fullName: "Baraka Otieno" });
    const business = await createBusinessFor(user, "Solo Kiosk Ltd");
    expect((await refusal(user.caller.dataRights.deleteAccount({ password: "wrong-password-1" }))).code).toBe(
      "BAD_REQUEST",
    );
    const { deleteAfter } = await user.caller.dataRights.deleteAccount({ password: TEST_PASSWORD });
    // Still there during the grace period, but every session has ended.
    const [row] = await harness.db.select().from(users).where(eq(users.id, user.id));
    const grace = harness.services.config.dataRights.businessDeletionGraceDays;
    expect(row?.deleteAfter).toEqual(deleteAfter);
    expect(deleteAfter.getTime() - (row?.deletionRequestedAt?.getTime() ?? 0)).toBe(grace * DAY);
    expect((await refusal(user.caller.auth.me())).code).toBe("UNAUTHORIZED");
    expect(await harness.db.select().from(businesses).where(eq(businesses.id, business.id))).toHaveLength(1);
    const [warning] = await harness.db
      .select()
      .from(emails)
      .where(and(eq(emails.template, "account-deletion-scheduled"), eq(emails.toAddress, user.email)));
    expect(warning?.subject).toMatch(/^Your KAVI account will be deleted on \d+ \w+ 2026$/);
    const [audit] = await harness.db
      .select()
      .from(activityLog)
      .where(and(eq(activityLog.action, "account.deletion_scheduled"), eq(activityLog.entityId, user.id)));
    expect(audit).toBeDefined();
  });

  it("signing in during the grace period shows the date and restores the account", async () => {
    const user = await signUpUser(harness);
    await user.caller.dataRights.deleteAccount({ password: TEST_PASSWORD });
    const { caller: anonymous, cookies } = await harness.client();
    const signedIn = await anonymous.auth.signIn({ email: user.email, password: TEST_PASSWORD });
    const { caller } = await harness.client({ accessToken: signedIn.accessToken, cookies });
    const status = await caller.dataRights.accountDeletion();
    expect(status.scheduled).toBe(true);
    expect((await refusal(caller.dataRights.deleteAccount({ password: TEST_PASSWORD }))).code).toBe(
      "CONFLICT",
    );
    await caller.dataRights.restoreAccount();
    expect((await caller.dataRights.accountDeletion()).scheduled).toBe(false);
    expect((await refusal(caller.dataRights.restoreAccount())).code).toBe("CONFLICT");
    const [audit] = await harness.db
      .select()
      .from(activityLog)
      .where(and(eq(activityLog.action, "account.deletion_cancelled"), eq(activityLog.entityId, user.id)));
    expect(audit).toBeDefined();
    // A restored account is not purged (other tests' scheduled accounts may be).
    await deleteDueAccounts(harness.serviceContext(), new Date(Date.now() + 400 * DAY));
    expect(await harness.db.select().from(users).where(eq(users.id, user.id))).toHaveLength(1);
  });

  it("the daily job deletes it, with its solo business, once the grace period has passed", async () => {
    const user = await signUpUser(harness, { fullName: "Baraka Otieno" });
    const business = await createBusinessFor(user, "Purged Kiosk Ltd");
    // Someone who did not ask is not touched.
    const other = await signUpUser(harness);
    const { deleteAfter } = await user.caller.dataRights.deleteAccount({ password: TEST_PASSWORD });
    const ctx = harness.serviceContext();
    await deleteDueAccounts(ctx, new Date(deleteAfter.getTime() - 1000));
    expect(await harness.db.select().from(users).where(eq(users.id, user.id))).toHaveLength(1);
    expect(await deleteDueAccounts(ctx, deleteAfter)).toBeGreaterThanOrEqual(1);
    expect(await harness.db.select().from(users).where(eq(users.id, user.id))).toHaveLength(0);
    expect(await harness.db.select().from(businesses).where(eq(businesses.id, business.id))).toHaveLength(0);
    expect(await harness.db.select().from(users).where(eq(users.id, other.id))).toHaveLength(1);
    const [audit] = await harness.db
      .select()
      .from(activityLog)
      .where(and(eq(activityLog.action, "account.deleted"), eq(activityLog.entityId, user.id)));
    expect(audit?.metadata).toMatchObject({ businessesDeleted: [business.id] });
    const [goodbye] = await harness.db
      .select()
      .from(emails)
      .where(and(eq(emails.template, "account-deleted"), eq(emails.toAddress, user.email)));
    expect(goodbye?.subject).toBe("Your KAVI account has been deleted");
  });

  it("the daily job waits while the account has become the only owner of a shared business", async () => {
    const user = await signUpUser(harness);
    const business = await createBusinessFor(user, "Handed Over Ltd");
    const coOwner = await addMember(harness, user, business.id, "owner");
    await addMember(harness, user, business.id, "staff", ["transactions"]);
    // Allowed while another owner is there.
    await user.caller.dataRights.deleteAccount({ password: TEST_PASSWORD });
    // Then that owner leaves.
    await harness.db.delete(memberships).where(eq(memberships.userId, coOwner.id));
    const ctx = harness.serviceContext();
    await deleteDueAccounts(ctx, new Date(Date.now() + 400 * DAY));
    expect(await harness.db.select().from(users).where(eq(users.id, user.id))).toHaveLength(1);
  });
});

describe("scheduled report emails", () => {
  it("the monthly report goes to owners who want it, once, with the P&L PDF attached", async () => {
    const owner = await signUpUser(harness, { fullName: "Njeri Mwangi" });
    const business = await createBusinessFor(owner, "Monthly Books Ltd");
    const coOwner = await addMember(harness, owner, business.id, "owner");
    const admin = await addMember(harness, owner, business.id, "admin");
    await coOwner.caller.profile.update({
      notificationPreferences: {
        ...DEFAULT_NOTIFICATION_PREFERENCES,
        email: { ...DEFAULT_NOTIFICATION_PREFERENCES.email, monthlyReport: false },
      },
    });
    await owner.caller.profile.update({ language: "sw" });
    // A built-in category as created (named in Kiswahili for this reader) and a renamed one (kept as written).
    const categories = await owner.caller.categories.list({ businessId: business.id });
    const categoryId = (key: string) => categories.find((row) => row.systemKey === key)?.id ?? null;
    await owner.caller.categories.update({
      businessId: business.id,
      categoryId: categoryId("rent") ?? "",
      name: "Shop rent",
    });
    await owner.caller.transactions.create({
      businessId: business.id,
      type: "income",
      amount: "12000",
      transactionDate: "2026-10-14",
      categoryId: categoryId("sales"),
    });
    await owner.caller.transactions.create({
      businessId: business.id,
      type: "expense",
      amount: "3000",
      transactionDate: "2026-10-20",
      categoryId: categoryId("rent"),
    });
    const ctx = harness.serviceContext({ now: () => new Date("2026-11-01T04:00:00Z") });
    expect(await sendMonthlyReport(ctx, { businessId: business.id, month: "2026-10" })).toEqual({
      state: "sent",
      recipients: 1,
    });
    expect(await sendMonthlyReport(ctx, { businessId: business.id, month: "2026-10" })).toEqual({
      state: "already-sent",
    });
    const sent = await harness.db
      .select()
      .from(emails)
      .where(and(eq(emails.template, "monthly-report"), eq(emails.businessId, business.id)));
    expect(sent.map((row) => row.toAddress)).toEqual([owner.email]);
    expect(sent.map((row) => row.toAddress)).not.toContain(admin.email);
    const [email] = sent;
    // In the reader's language, with figures from the profit-and-loss service.
    expect(email?.subject).toMatch(/faida na hasara ya Oktoba 2026/);
    expect(email?.textBody).toMatch(/Mapato: Ksh\s?12,000\.00|Mapato: KES\s?12,000\.00/);
    expect(email?.textBody).toMatch(/Faida: (Ksh|KES)\s?9,000\.00/);
    expect(email?.textBody).toContain("Mauzo");
    expect(email?.textBody).not.toContain("Sales");
    expect(email?.textBody).toContain("Shop rent");
    const ref = email?.attachments?.[0];
    expect(ref?.kind).toBe(MONTHLY_REPORT_ATTACHMENT);
    if (!ref) throw new Error("no attachment");
    const pdf = await renderMonthlyReportAttachment(harness.db, ref);
    expect(pdf.content.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(pdfText(pdf.content)).toContain("Mauzo");
    expect(pdfText(pdf.content)).toContain("Shop rent");
    const [claim] = await harness.db
      .select()
      .from(scheduledReportSends)
      .where(eq(scheduledReportSends.businessId, business.id));
    expect(claim).toMatchObject({ kind: "report.monthly", period: "2026-10" });
  });

  it("the weekly summary skips a business scheduled for deletion", async () => {
    const owner = await signUpUser(harness);
    const business = await createBusinessFor(owner, "Leaving Soon Ltd");
    await owner.caller.transactions.create({
      businessId: business.id,
      type: "income",
      amount: "500",
      transactionDate: "2026-11-24",
    });
    await owner.caller.business.delete({ businessId: business.id, confirmation: "Leaving Soon Ltd" });
    const ctx = harness.serviceContext({ now: () => new Date("2026-11-30T04:00:00Z") });
    expect(await sendWeeklySummary(ctx, { businessId: business.id, weekStart: "2026-11-23" })).toEqual({
      state: "no-business",
    });
  });
});
