import {
  createBusinessFor,
  createTestHarness,
  insertCustomer,
  type SignedInUser,
  sampleDraft,
  signUpUser,
  type TestHarness,
} from "@kavi/api/testing";
import { emails, invoices, recurringInvoices } from "@kavi/db";
import { dateInZone } from "@kavi/domain";
import type { MailCatcher } from "@kavi/mailcatcher";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestWorker, type TestWorker } from "./testing";

let harness: TestHarness;
let mail: MailCatcher;
let worker: TestWorker;
let owner: SignedInUser;
let businessId: string;

beforeAll(async () => {
  harness = await createTestHarness();
  worker = await startTestWorker(harness, ["email", "invoices"]);
  mail = worker.mail;
  owner = await signUpUser(harness, { fullName: "Amina Wanjiru" });
  businessId = (await createBusinessFor(owner, "Wanjiru Fresh Produce Ltd")).id;
});

afterAll(async () => {
  await worker.close();
  await harness.close();
});

describe("invoice emails", () => {
  it("delivers a sent invoice with its PDF attached and the customer's link", async () => {
    const customer = await insertCustomer(harness.db, businessId, {
      name: "Java House Westlands",
      email: "ap@javahouse.example",
    });
    const draft = await owner.caller.invoices.create({ businessId, ...sampleDraft(customer.id) });
    const { invoice } = await owner.caller.invoices.send({ businessId, invoiceId: draft.id });
    const message = await mail.waitForMessage((candidate) => candidate.to.includes("ap@javahouse.example"), {
      timeoutMs: 15_000,
    });
    expect(message.subject).toContain(`Invoice ${invoice.invoiceNumber} from Wanjiru Fresh Produce`);
    expect(message.text).toContain(`http://localhost:5173/i/${draft.publicToken}`);
    expect(message.attachments).toHaveLength(1);
    const [attachment] = message.attachments;
    expect(attachment?.filename).toBe(`${invoice.invoiceNumber}.pdf`);
    expect(attachment?.contentType).toBe("application/pdf");
    expect(
      Buffer.from(attachment?.content ?? [])
        .subarray(0, 5)
        .toString(),
    ).toBe("%PDF-");
  });
});

describe("recurring runs through the queue", () => {
  it("creates and sends the due run once, however often the daily pass fires", async () => {
    const customer = await insertCustomer(harness.db, businessId, { email: "orders@naivas.example" });
    const template = await owner.caller.invoices.create({ businessId, ...sampleDraft(customer.id) });
    const today = dateInZone(new Date(), "Africa/Nairobi");
    const schedule = await owner.caller.invoices.recurring.create({
      businessId,
      invoiceId: template.id,
      frequency: "weekly",
      startDate: today,
      autoSend: true,
    });
    await harness.jobs.enqueue("invoices.recurring-run", {});
    await harness.jobs.enqueue("invoices.recurring-run", {});
    await mail.waitForMessage((candidate) => candidate.to.includes("orders@naivas.example"), {
      timeoutMs: 15_000,
    });
    await expect
      .poll(async () => {
        const [row] = await harness.db
          .select()
          .from(recurringInvoices)
          .where(eq(recurringInvoices.id, schedule.id));
        return row?.runCount;
      })
      .toBe(1);
    const made = await harness.db.select().from(invoices).where(eq(invoices.recurringInvoiceId, schedule.id));
    expect(made).toHaveLength(1);
    expect(made[0]).toMatchObject({ status: "sent", recurringRunDate: today, issueDate: today });
    const sent = await harness.db.select().from(emails).where(eq(emails.toAddress, "orders@naivas.example"));
    expect(sent).toHaveLength(1);
  });
});
