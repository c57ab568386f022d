import { activityLog, emails, invoiceReminders, invoices, notifications, recurringInvoices } from "@kavi/db";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createBusinessFor,
  createTestHarness,
  insertCustomer,
  type SignedInUser,
  sampleDraft,
  signUpUser,
  type TestHarness,
} from "../../testing";
import type { ServiceContext } from "../service-context";
import { markOverdueInvoices } from "./overdue";
import { findDueRecurringRuns, generateRecurringInvoice } from "./recurring";
import { findDueReminders, sendInvoiceReminder } from "./reminders";

let harness: TestHarness;
let owner: SignedInUser;
let services: ServiceContext;

/** Nairobi is UTC+3: 06:00Z is 09:00 there. */
const at = (date: string) => new Date(`${date}T06:00:00Z`);

beforeAll(async () => {
  harness = await createTestHarness();
  harness.setNow(at("2027-03-01"));
  owner = await signUpUser(harness);
  services = harness.serviceContext();
});
afterAll(async () => {
  await harness.close();
});

async function freshBusiness() {
  harness.setNow(at("2027-03-01"));
  const businessId = (await createBusinessFor(owner)).id;
  return businessId;
}

async function issued(businessId: string, customerId: string, overrides: Record<string, unknown> = {}) {
  const draft = await owner.caller.invoices.create({ businessId, ...sampleDraft(customerId, overrides) });
  return owner.caller.invoices.issue({ businessId, invoiceId: draft.id });
}

describe("the overdue job", () => {
  it("marks open invoices past their due date in the business's time zone, once, and tells the owners", async () => {
    const businessId = await freshBusiness();
    const customer = await insertCustomer(harness.db, businessId);
    const dueToday = await issued(businessId, customer.id, { issueDate: "2027-02-15", paymentTermsDays: 14 });
    const dueYesterday = await issued(businessId, customer.id, {
      issueDate: "2027-02-14",
      paymentTermsDays: 14,
    });
    expect([dueToday.dueDate, dueYesterday.dueDate]).toEqual(["2027-03-01", "2027-02-28"]);
    // Issued after its due date had passed, it is overdue from the start.
    expect(dueYesterday.status).toBe("overdue");
    await harness.db.update(invoices).set({ status: "sent" }).where(eq(invoices.id, dueYesterday.id));

    // 23:30 in Nairobi on 1 March is still 1 March there (though 20:30Z).
    expect(await markOverdueInvoices(services, new Date("2027-03-01T20:30:00Z"))).toBe(1);
    expect(await markOverdueInvoices(services, new Date("2027-03-01T20:30:00Z"))).toBe(0);
    const statuses = async () =>
      Object.fromEntries(
        (await harness.db.select().from(invoices).where(eq(invoices.businessId, businessId))).map((row) => [
          row.id,
          row.status,
        ]),
      );
    expect(await statuses()).toEqual({ [dueToday.id]: "sent", [dueYesterday.id]: "overdue" });
    // 00:30 on 2 March in Nairobi is 21:30Z on 1 March: the day has turned there.
    expect(await markOverdueInvoices(services, new Date("2027-03-01T21:30:00Z"))).toBe(1);
    expect((await statuses())[dueToday.id]).toBe("overdue");

    const [entry] = await harness.db
      .select()
      .from(activityLog)
      .where(and(eq(activityLog.entityId, dueToday.id), eq(activityLog.action, "invoice.overdue")));
    expect(entry).toMatchObject({ actorUserId: null, businessId });
    const told = await harness.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.businessId, businessId), eq(notifications.kind, "invoice.overdue")));
    expect(told.map((row) => row.title).sort()).toEqual([
      `Invoice ${dueToday.invoiceNumber} is now overdue`,
      `Invoice ${dueYesterday.invoiceNumber} is now overdue`,
    ]);
  });
});

describe("recurring invoices", () => {
  it("creates one draft per run, catches up missed runs once, and is idempotent per run", async () => {
    const businessId = await freshBusiness();
    const customer = await insertCustomer(harness.db, businessId);
    const template = await issued(businessId, customer.id);
    const schedule = await owner.caller.invoices.recurring.create({
      businessId,
      invoiceId: template.id,
      frequency: "monthly",
      startDate: "2027-03-05",
    });
    expect(await findDueRecurringRuns(harness.db, at("2027-03-04"))).not.toContainEqual(
      expect.objectContaining({ recurringInvoiceId: schedule.id }),
    );

    // The worker was down for two months: on 20 May one invoice is made, and the next run is 5 June.
    harness.setNow(at("2027-05-20"));
    const due = (await findDueRecurringRuns(harness.db, at("2027-05-20"))).filter(
      (run) => run.recurringInvoiceId === schedule.id,
    );
    expect(due).toEqual([{ recurringInvoiceId: schedule.id, runDate: "2027-03-05" }]);
    const [first, second] = await Promise.all([
      generateRecurringInvoice(services, schedule.id, "2027-03-05"),
      generateRecurringInvoice(services, schedule.id, "2027-03-05"),
    ]);
    const outcomes = [first, second].map((outcome) => outcome?.status).sort();
    expect(outcomes).toEqual(["created", "skipped"]);
    const made = await harness.db.select().from(invoices).where(eq(invoices.recurringInvoiceId, schedule.id));
    expect(made).toHaveLength(1);
    expect(made[0]).toMatchObject({
      status: "draft",
      issueDate: "2027-05-20",
      totalMinor: template.totalMinor,
      recurringRunDate: "2027-03-05",
    });
    const [after] = await harness.db
      .select()
      .from(recurringInvoices)
      .where(eq(recurringInvoices.id, schedule.id));
    expect(after).toMatchObject({ nextRunDate: "2027-06-05", runCount: 1 });
    const [ready] = await harness.db
      .select()
      .from(notifications)
      .where(
        and(eq(notifications.businessId, businessId), eq(notifications.kind, "recurring_invoice.draft")),
      );
    expect(ready?.link).toBe(`/b/${businessId}/invoices/${made[0]?.id}`);
    harness.setNow(at("2027-03-01"));
  });

  it("sends when asked to, keeps a draft when the customer has no email, and stops after the end date", async () => {
    const businessId = await freshBusiness();
    const withEmail = await insertCustomer(harness.db, businessId, { email: "stores@carrefour.example" });
    const withoutEmail = await insertCustomer(harness.db, businessId, { email: null });
    const templateA = await issued(businessId, withEmail.id);
    const templateB = await issued(businessId, withoutEmail.id);
    const weekly = await owner.caller.invoices.recurring.create({
      businessId,
      invoiceId: templateA.id,
      frequency: "weekly",
      startDate: "2027-03-01",
      endDate: "2027-03-07",
      autoSend: true,
    });
    const quarterly = await owner.caller.invoices.recurring.create({
      businessId,
      invoiceId: templateB.id,
      frequency: "quarterly",
      startDate: "2027-03-01",
      autoSend: true,
    });
    const sent = await generateRecurringInvoice(services, weekly.id, "2027-03-01");
    expect(sent).toMatchObject({ status: "created", sent: true, nextRunDate: null });
    if (sent.status !== "created") return;
    const [invoice] = await harness.db.select().from(invoices).where(eq(invoices.id, sent.invoiceId));
    expect(invoice?.status).toBe("sent");
    expect(invoice?.invoiceNumber).toMatch(/^INV-2027-\d{4}$/);
    const [email] = await harness.db
      .select()
      .from(emails)
      .where(eq(emails.toAddress, "stores@carrefour.example"));
    expect(email?.template).toBe("invoice.sent");
    const [stopped] = await harness.db
      .select()
      .from(recurringInvoices)
      .where(eq(recurringInvoices.id, weekly.id));
    expect(stopped).toMatchObject({ active: false, nextRunDate: "2027-03-08" });

    const kept = await generateRecurringInvoice(services, quarterly.id, "2027-03-01");
    expect(kept).toMatchObject({ status: "created", sent: false, nextRunDate: "2027-06-01" });
  });
});

describe("reminders", () => {
  it("reminds before, on and after the due date, once per offset, with the real distance in the words", async () => {
    const businessId = await freshBusiness();
    const customer = await insertCustomer(harness.db, businessId, { email: "pay@kilimanicafe.example" });
    const noEmail = await insertCustomer(harness.db, businessId, { email: null });
    const invoice = await issued(businessId, customer.id, { paymentTermsDays: 14 });
    await issued(businessId, noEmail.id, { paymentTermsDays: 14 });
    expect(invoice.dueDate).toBe("2027-03-15");
    const mine = async (date: string) =>
      (await findDueReminders(harness.db, at(date))).filter((reminder) => reminder.invoiceId === invoice.id);

    expect(await mine("2027-03-11")).toEqual([]);
    expect(await mine("2027-03-12")).toEqual([{ invoiceId: invoice.id, offsetDays: -3 }]);
    harness.setNow(at("2027-03-12"));
    expect(await sendInvoiceReminder(services, invoice.id, -3)).toMatchObject({ status: "sent" });
    expect(await sendInvoiceReminder(services, invoice.id, -3)).toEqual({
      status: "skipped",
      reason: "already sent",
    });
    expect(await mine("2027-03-13")).toEqual([]);
    expect(await mine("2027-03-15")).toEqual([{ invoiceId: invoice.id, offsetDays: 0 }]);

    // Nobody ran the job on the due date or a week after: on 25 March only the latest reminder goes.
    expect(await mine("2027-03-25")).toEqual([{ invoiceId: invoice.id, offsetDays: 7 }]);
    harness.setNow(at("2027-03-25"));
    await sendInvoiceReminder(services, invoice.id, 7);
    expect(await mine("2027-03-26")).toEqual([]);

    const sent = await harness.db
      .select()
      .from(emails)
      .where(and(eq(emails.toAddress, "pay@kilimanicafe.example"), eq(emails.template, "invoice.reminder")));
    expect(sent.map((email) => email.subject).sort()).toEqual([
      expect.stringMatching(/^Overdue: invoice INV-2027-\d{4}/),
      expect.stringMatching(/^Reminder: invoice INV-2027-\d{4} is due on 15 Mar 2027/),
    ]);
    expect(sent.find((email) => email.subject.startsWith("Overdue"))?.textBody).toContain(
      "10 days past its due date",
    );
    expect(sent.every((email) => email.attachments?.[0]?.kind === "invoice_pdf")).toBe(true);
    const rows = await harness.db
      .select()
      .from(invoiceReminders)
      .where(eq(invoiceReminders.invoiceId, invoice.id));
    expect(rows.map((row) => row.offsetDays).sort()).toEqual([-3, 7]);
    harness.setNow(at("2027-03-01"));
  });

  it("stays quiet when reminders are off, or for paid and void invoices", async () => {
    const businessId = await freshBusiness();
    const customer = await insertCustomer(harness.db, businessId);
    const invoice = await issued(businessId, customer.id, { paymentTermsDays: 0 });
    // Due on receipt, issued today: no "due today" on the day it went out.
    expect((await findDueReminders(harness.db, at("2027-03-01"))).map((row) => row.invoiceId)).not.toContain(
      invoice.id,
    );
    await owner.caller.invoices.settings.update({ businessId, remindersEnabled: false });
    expect((await findDueReminders(harness.db, at("2027-03-08"))).map((row) => row.invoiceId)).not.toContain(
      invoice.id,
    );
    expect(await sendInvoiceReminder(services, invoice.id, 7)).toEqual({
      status: "skipped",
      reason: "reminders are off",
    });
    await owner.caller.invoices.settings.update({ businessId, remindersEnabled: true });
    await owner.caller.invoices.void({ businessId, invoiceId: invoice.id, reason: "Cancelled order" });
    expect(await sendInvoiceReminder(services, invoice.id, 7)).toEqual({
      status: "skipped",
      reason: "invoice is void",
    });
  });
});
