import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createTesseractEngine } from "@kavi/ai";
import { silentLogger } from "@kavi/api";
import { createSmsClient, findDueReminders, sendInvoiceReminder } from "@kavi/api/services";
import {
  createBusinessFor,
  createTestHarness,
  insertCustomer,
  refusalDetails,
  type SignedInUser,
  sampleDraft,
  signUpUser,
  type TestHarness,
} from "@kavi/api/testing";
import { activityLog, invoiceReminders, notifications, smsDeliveryReports, smsMessages } from "@kavi/db";
import { createRedis } from "@kavi/jobs";
import { type SmsSimulator, startSmsSimulator } from "@kavi/sms/simulator";
import { testRun } from "@kavi/testing";
import { startWorkerRuntime, type WorkerRuntime } from "@kavi/worker/runtime";
import { and, eq } from "drizzle-orm";
import express from "express";
import { createTransport } from "nodemailer";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { mountSmsWebhooks } from "./africastalking";

const TOKEN = "test-delivery-report-token-0123456789";
/** Nairobi is UTC+3: 06:00Z is 09:00 there. */
const at = (date: string) => new Date(`${date}T06:00:00Z`);

let harness: TestHarness;
let simulator: SmsSimulator;
let server: Server;
let webhookUrl: string;
let worker: WorkerRuntime;
let workerConnection: ReturnType<typeof createRedis>;
let ocr: ReturnType<typeof createTesseractEngine>;
let owner: SignedInUser;
let businessId: string;

beforeAll(async () => {
  harness = await createTestHarness();
  harness.setNow(at("2027-03-01"));
  simulator = await startSmsSimulator({ apiKey: "test-at-key", deliveryDelayMs: 0 });
  harness.services.sms = createSmsClient({
    apiKey: "test-at-key",
    username: "sandbox",
    baseUrl: simulator.baseUrl,
    defaultSenderId: null,
    timeoutSeconds: 2,
  });
  const app = express();
  mountSmsWebhooks(app, harness.services, TOKEN);
  server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  webhookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/webhooks/africastalking/${TOKEN}/delivery`;
  simulator.setDeliveryReportUrl(webhookUrl);
  workerConnection = createRedis(testRun().redisUrl, "worker");
  ocr = createTesseractEngine();
  worker = await startWorkerRuntime({
    context: {
      ...harness.serviceContext({ logger: silentLogger }),
      mailer: createTransport({ jsonTransport: true }),
      ai: { client: null, dailyRequestCap: 0 },
      speech: null,
      sms: harness.services.sms,
      ocr,
    },
    connection: workerConnection,
    prefix: harness.services.config.redisPrefix,
    queues: ["sms"],
  });
  owner = await signUpUser(harness);
  businessId = (await createBusinessFor(owner)).id;
});
afterAll(async () => {
  await worker?.close();
  workerConnection?.disconnect();
  await ocr?.close();
  await new Promise((resolve) => server?.close(resolve));
  await simulator?.close();
  await harness?.close();
});
beforeEach(() => simulator.reset());

async function issuedFor(customerId: string) {
  const draft = await owner.caller.invoices.create({
    businessId,
    ...sampleDraft(customerId, { paymentTermsDays: 14 }),
  });
  return owner.caller.invoices.issue({ businessId, invoiceId: draft.id });
}

async function messageRow(id: string) {
  const [row] = await harness.db.select().from(smsMessages).where(eq(smsMessages.id, id));
  if (!row) throw new Error("no sms row");
  return row;
}

describe("Send by SMS", () => {
  it("texts the amount and pay link in the customer's language, stores the cost and the delivery report", async () => {
    const customer = await insertCustomer(harness.db, businessId, { phone: "+254712000111", language: "sw" });
    const draft = await owner.caller.invoices.create({ businessId, ...sampleDraft(customer.id) });
    const sent = await owner.caller.invoices.sendSms({ businessId, invoiceId: draft.id });
    expect(sent).toMatchObject({ to: "+254712000111", parts: expect.any(Number) });

    const sms = await simulator.waitForMessage((message) => message.to === "+254712000111");
    const invoice = await owner.caller.invoices.get({ businessId, invoiceId: draft.id });
    expect(invoice.invoiceNumber).toMatch(/^INV-/);
    expect(sms.text).toContain(`ankara ${invoice.invoiceNumber}`);
    expect(sms.text).toContain(`/i/${invoice.publicToken}`);

    await expect
      .poll(async () => (await messageRow(sent.smsMessageId)).status, { timeout: 10_000 })
      .toBe("delivered");
    const row = await messageRow(sent.smsMessageId);
    expect(row).toMatchObject({
      costMinor: BigInt(80 * row.parts),
      costCurrency: "KES",
      deliveryStatus: "Success",
    });
    const reports = await harness.db
      .select()
      .from(smsDeliveryReports)
      .where(eq(smsDeliveryReports.smsMessageId, sent.smsMessageId));
    expect(reports).toHaveLength(1);
    const activity = await harness.db
      .select({ action: activityLog.action })
      .from(activityLog)
      .where(and(eq(activityLog.entityId, draft.id), eq(activityLog.action, "invoice.sms_sent")));
    expect(activity).toHaveLength(1);

    const settings = await owner.caller.invoices.smsSettings.get({ businessId });
    expect(settings.spend).toEqual([
      { currency: "KES", costMinor: String(80 * row.parts), messages: 1, parts: row.parts },
    ]);
  });

  it("a failed delivery report marks the message undelivered with its reason", async () => {
    const customer = await insertCustomer(harness.db, businessId, { phone: "+254712000222" });
    const invoice = await issuedFor(customer.id);
    simulator.injectFaults([{ kind: "undelivered", failureReason: "UserInBlackList" }]);
    const sent = await owner.caller.invoices.sendSms({ businessId, invoiceId: invoice.id });
    await expect
      .poll(async () => (await messageRow(sent.smsMessageId)).status, { timeout: 10_000 })
      .toBe("undelivered");
    expect(await messageRow(sent.smsMessageId)).toMatchObject({ failureReason: "UserInBlackList" });
  });

  it("a number Africa's Talking refuses is failed for good, not retried", async () => {
    const customer = await insertCustomer(harness.db, businessId, { phone: "+254712000333" });
    const invoice = await issuedFor(customer.id);
    simulator.injectFaults([{ kind: "recipient", statusCode: 406 }]);
    const sent = await owner.caller.invoices.sendSms({ businessId, invoiceId: invoice.id });
    await expect
      .poll(async () => (await messageRow(sent.smsMessageId)).status, { timeout: 10_000 })
      .toBe("failed");
    expect((await messageRow(sent.smsMessageId)).lastError).toContain("406");
  });

  it("refuses a bad number, SMS turned off, and another business's invoice", async () => {
    const customer = await insertCustomer(harness.db, businessId, { phone: null });
    const invoice = await issuedFor(customer.id);
    expect(
      await refusalDetails(owner.caller.invoices.sendSms({ businessId, invoiceId: invoice.id })),
    ).toMatchObject({
      code: "BAD_REQUEST",
      fieldErrors: { to: [expect.stringContaining("no phone number")] },
    });
    expect(
      await refusalDetails(owner.caller.invoices.sendSms({ businessId, invoiceId: invoice.id, to: "12345" })),
    ).toMatchObject({ code: "BAD_REQUEST", fieldErrors: { to: [expect.stringContaining("Kenyan mobile")] } });

    await owner.caller.invoices.smsSettings.update({ businessId, enabled: false, senderId: "KAVISHOP" });
    expect(
      await refusalDetails(
        owner.caller.invoices.sendSms({ businessId, invoiceId: invoice.id, to: "0712000444" }),
      ),
    ).toMatchObject({ code: "PRECONDITION_FAILED" });
    await owner.caller.invoices.smsSettings.update({ businessId, enabled: true, senderId: "KAVISHOP" });

    const stranger = await signUpUser(harness);
    const otherBusiness = (await createBusinessFor(stranger)).id;
    expect(
      await refusalDetails(
        stranger.caller.invoices.sendSms({ businessId: otherBusiness, invoiceId: invoice.id }),
      ),
    ).toMatchObject({ code: "NOT_FOUND" });
    expect(simulator.messages()).toEqual([]);
  });

  it("Share on WhatsApp gives a wa.me link with the message, and records it", async () => {
    const customer = await insertCustomer(harness.db, businessId, { phone: "+254712000555", language: "en" });
    const invoice = await issuedFor(customer.id);
    const shared = await owner.caller.invoices.shareWhatsapp({ businessId, invoiceId: invoice.id });
    expect(shared.url).toMatch(/^https:\/\/wa\.me\/254712000555\?text=/);
    expect(decodeURIComponent(shared.url.split("text=")[1] ?? "")).toBe(shared.text);
    expect(shared.text).toContain(`invoice ${invoice.invoiceNumber}`);
    expect(shared.text).toContain(`/i/${invoice.publicToken}`);
  });
});

describe("the delivery report callback", () => {
  const post = (url: string, body: string) =>
    fetch(url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body });

  it("answers 404 to a wrong token and 400 to a report it cannot read; keeps reports for unknown ids", async () => {
    const good = "id=ATXid_unknown&status=Success&phoneNumber=%2B254712000999&networkCode=63902";
    expect((await post(webhookUrl.replace(TOKEN, "wrong-token-0123456789abcdef"), good)).status).toBe(404);
    expect((await post(webhookUrl, "id=ATXid_x&status=Delivered&phoneNumber=%2B254712000999")).status).toBe(
      400,
    );
    const accepted = await post(webhookUrl, good);
    expect(accepted.status).toBe(200);
    // Served ahead of Express like the M-Pesa callbacks, with the same headers (raw-http.ts).
    expect(accepted.headers.get("x-content-type-options")).toBe("nosniff");
    expect(accepted.headers.get("cache-control")).toBe("no-store");
    const stored = await harness.db
      .select()
      .from(smsDeliveryReports)
      .where(eq(smsDeliveryReports.providerMessageId, "ATXid_unknown"));
    expect(stored).toMatchObject([{ smsMessageId: null, status: "Success", networkCode: "63902" }]);
  });
});

describe("reminders by the customer's channel", () => {
  it("SMS customers get an SMS reminder once per step, on the injected clock", async () => {
    const customer = await insertCustomer(harness.db, businessId, {
      phone: "+254712000666",
      email: null,
      reminderChannel: "sms",
    });
    harness.setNow(at("2027-03-01"));
    const invoice = await issuedFor(customer.id);
    expect(invoice.dueDate).toBe("2027-03-15");
    const services = harness.serviceContext();
    const mine = async (date: string) =>
      (await findDueReminders(harness.db, at(date))).filter((reminder) => reminder.invoiceId === invoice.id);
    expect(await mine("2027-03-12")).toEqual([{ invoiceId: invoice.id, offsetDays: -3 }]);
    harness.setNow(at("2027-03-12"));
    expect(await sendInvoiceReminder(services, invoice.id, -3)).toMatchObject({
      status: "sent",
      channel: "sms",
    });
    expect(await sendInvoiceReminder(services, invoice.id, -3)).toEqual({
      status: "skipped",
      reason: "already sent",
    });
    const sms = await simulator.waitForMessage((message) => message.to === "+254712000666");
    expect(sms.text).toContain("is due on 15 Mar 2027");
    expect(sms.text).toContain(`/i/${invoice.publicToken}`);
    expect(await mine("2027-03-13")).toEqual([]);
    const [reminder] = await harness.db
      .select()
      .from(invoiceReminders)
      .where(eq(invoiceReminders.invoiceId, invoice.id));
    expect(reminder).toMatchObject({ channel: "sms", offsetDays: -3, smsMessageId: expect.any(String) });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(simulator.messages().filter((message) => message.to === "+254712000666")).toHaveLength(1);
    harness.setNow(at("2027-03-01"));
  });

  it("WhatsApp customers: the owner is asked to send the prepared message, once", async () => {
    const customer = await insertCustomer(harness.db, businessId, {
      phone: "+254712000777",
      reminderChannel: "whatsapp",
    });
    harness.setNow(at("2027-03-01"));
    const invoice = await issuedFor(customer.id);
    harness.setNow(at("2027-03-15"));
    const services = harness.serviceContext();
    expect(await sendInvoiceReminder(services, invoice.id, 0)).toEqual({
      status: "sent",
      channel: "whatsapp",
    });
    expect(await sendInvoiceReminder(services, invoice.id, 0)).toEqual({
      status: "skipped",
      reason: "already sent",
    });
    const told = await harness.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, owner.id), eq(notifications.kind, "invoice.whatsapp_reminder")));
    expect(told).toHaveLength(1);
    expect(String((told[0]?.data as { whatsappUrl?: string } | undefined)?.whatsappUrl)).toMatch(
      /^https:\/\/wa\.me\/254712000777\?text=/,
    );
    expect(simulator.messages()).toEqual([]);
    harness.setNow(at("2027-03-01"));
  });
});
