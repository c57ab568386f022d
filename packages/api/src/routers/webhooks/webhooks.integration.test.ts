import {
  notifications,
  transactions,
  webhookAttempts,
  webhookDeliveries,
  webhookEndpoints,
  webhookEvents,
} from "@kavi/db";
import { startWebhookReceiver, type WebhookReceiver } from "@kavi/webhook-receiver";
import { and, eq } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../../services/activity";
import { markOverdueInvoices } from "../../services/invoices/overdue";
import { recordTransaction } from "../../services/transactions/record";
import { inTransaction } from "../../services/unit-of-work";
import { createWebhookConfig, type WebhookConfig } from "../../services/webhooks/config";
import { deliverWebhook, sweepWebhookDeliveries } from "../../services/webhooks/delivery";
import {
  addMember,
  createBusinessFor,
  createTestHarness,
  insertCustomer,
  refusal,
  refusalDetails,
  type SignedInUser,
  sampleDraft,
  signUpUser,
  type TestHarness,
} from "../../testing";

let harness: TestHarness;
let receiver: WebhookReceiver;
let owner: SignedInUser;
let businessId: string;
let webhooks: WebhookConfig;

const SECOND = 1_000;
const MINUTE = 60 * SECOND;

beforeAll(async () => {
  receiver = await startWebhookReceiver({ port: 0 });
  webhooks = createWebhookConfig(
    { NODE_ENV: "test", WEBHOOKS_ALLOWED_PRIVATE_ORIGINS: [receiver.url], WEBHOOKS_TIMEOUT_MS: 5_000 },
    null,
  );
  harness = await createTestHarness();
  webhooks.keyring = harness.services.config.mpesa.keyring;
  harness.services.config.webhooks = webhooks;
  owner = await signUpUser(harness);
  businessId = (await createBusinessFor(owner)).id;
});
afterAll(async () => {
  await harness.close();
  await receiver.close();
});

/** The worker's delivery step with the test's clock. */
function deliver(deliveryId: string, at: Date = new Date(), config: WebhookConfig = webhooks) {
  return deliverWebhook(
    harness.serviceContext({
      now: () => at,
      config: { ...harness.services.config, webhooks: config },
    }),
    { deliveryId },
  );
}

async function addEndpoint(path: string, events: string[] = ["transaction.created"], business = businessId) {
  const created = await owner.caller.webhooks.endpoints.create({
    businessId: business,
    url: `${receiver.url}${path}`,
    description: `Receiver at ${path}`,
    events: events as ["transaction.created"],
  });
  receiver.setSecret(path, created.secret);
  return created;
}

async function recordIncome(description: string) {
  return owner.caller.transactions.create({
    businessId,
    type: "income",
    amount: "1,250.50",
    description,
    paymentMethod: "mpesa",
    transactionDate: "2026-11-21T09:15",
  });
}

async function deliveriesOf(endpointId: string) {
  return harness.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpointId));
}

describe("webhook endpoints", () => {
  it("creates an endpoint, shows its secret once, and never lists it", async () => {
    const created = await addEndpoint("/hooks/created");
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
    expect(created.endpoint).toMatchObject({
      enabled: true,
      events: ["transaction.created"],
      flaggedAt: null,
    });
    const list = await owner.caller.webhooks.endpoints.list({ businessId });
    const listed = list.find((endpoint) => endpoint.id === created.endpoint.id);
    expect(listed).toBeDefined();
    expect(JSON.stringify(list)).not.toContain(created.secret);
    const [row] = await harness.db
      .select()
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.id, created.endpoint.id));
    expect(row?.secretCiphertext).not.toContain(created.secret.slice(6));
  });

  it("rotates the secret: deliveries are signed with the new one", async () => {
    const { endpoint, secret: old } = await addEndpoint("/hooks/rotated");
    const { secret } = await owner.caller.webhooks.endpoints.rotateSecret({
      businessId,
      endpointId: endpoint.id,
    });
    expect(secret).not.toBe(old);
    receiver.setSecret("/hooks/rotated", secret);
    await owner.caller.webhooks.endpoints.sendTest({ businessId, endpointId: endpoint.id });
    const [delivery] = await deliveriesOf(endpoint.id);
    expect(await deliver(String(delivery?.id))).toBe("succeeded");
    const received = await receiver.waitForDelivery((d) => d.path === "/hooks/rotated");
    expect(received.verification).toEqual({ state: "verified" });
    expect(() => new Webhook(old).verify(received.body, received.headers)).toThrow();
  });

  it("refuses other members, other businesses' endpoints, and bad input with clear 4xx answers", async () => {
    const { endpoint } = await addEndpoint("/hooks/guarded");
    const staff = await addMember(harness, owner, businessId, "staff", ["transactions", "invoices"]);
    expect((await refusal(staff.caller.webhooks.endpoints.list({ businessId }))).code).toBe("FORBIDDEN");
    const stranger = await signUpUser(harness);
    const strangerBusiness = (await createBusinessFor(stranger)).id;
    const theirs = { businessId: strangerBusiness, endpointId: endpoint.id };
    // Thunks, called one at a time: a refusal created before it is awaited counts as an unhandled rejection.
    for (const attempt of [
      () => stranger.caller.webhooks.endpoints.update({ ...theirs, enabled: false }),
      () => stranger.caller.webhooks.endpoints.sendTest(theirs),
      () => stranger.caller.webhooks.endpoints.delete(theirs),
      () => stranger.caller.webhooks.deliveries.list(theirs),
    ]) {
      expect((await refusal(attempt())).code).toBe("NOT_FOUND");
    }
    const noEvents = await refusalDetails(
      owner.caller.webhooks.endpoints.create({
        businessId,
        url: "https://example.co.ke/h",
        events: [] as never,
      }),
    );
    expect(noEvents.code).toBe("BAD_REQUEST");
    expect(noEvents.fieldErrors.events).toBeDefined();
  });
});

describe("the webhook outbox", () => {
  it("writes the event and its delivery in the change's own transaction", async () => {
    const { endpoint } = await addEndpoint("/hooks/outbox");
    const created = await recordIncome("Sukuma wiki, 10 bunches");
    const [delivery] = await deliveriesOf(endpoint.id);
    expect(delivery).toMatchObject({ status: "pending", attempts: 0, manual: false });
    const [event] = await harness.db
      .select()
      .from(webhookEvents)
      .where(eq(webhookEvents.id, String(delivery?.eventId)));
    const body = JSON.parse(String(event?.body));
    expect(body).toMatchObject({
      type: "transaction.created",
      data: {
        businessId,
        transactionId: created.id,
        type: "income",
        amount: { amount: "1250.50", currency: "KES" },
        description: "Sukuma wiki, 10 bunches",
      },
    });
    expect(typeof body.timestamp).toBe("string");
  });

  it("writes no event when the change rolls back", async () => {
    const { endpoint } = await addEndpoint("/hooks/rolled-back");
    const before = await harness.db
      .select()
      .from(webhookEvents)
      .where(eq(webhookEvents.businessId, businessId));
    await expect(
      inTransaction(harness.services, async (tx, afterCommit) => {
        await recordTransaction(
          tx,
          { ...SYSTEM_ACTOR, businessId },
          {
            businessId,
            type: "expense",
            amountMinor: 50_000n,
            transactionDate: new Date("2026-11-20T10:00:00Z"),
            description: "Never happened",
            source: "manual",
            paymentMethod: "cash",
          },
          afterCommit,
        );
        throw new Error("the change fails after the event was written");
      }),
    ).rejects.toThrow("the change fails");
    const after = await harness.db
      .select()
      .from(webhookEvents)
      .where(eq(webhookEvents.businessId, businessId));
    expect(after.length).toBe(before.length);
    expect(await deliveriesOf(endpoint.id)).toEqual([]);
    const booked = await harness.db
      .select()
      .from(transactions)
      .where(and(eq(transactions.businessId, businessId), eq(transactions.description, "Never happened")));
    expect(booked).toEqual([]);
  });

  it("writes nothing for a business whose endpoints do not listen, or are switched off", async () => {
    const quiet = await signUpUser(harness);
    const quietBusiness = (await createBusinessFor(quiet)).id;
    const { endpoint } = await quiet.caller.webhooks.endpoints.create({
      businessId: quietBusiness,
      url: `${receiver.url}/hooks/quiet`,
      events: ["invoice.paid"],
    });
    await quiet.caller.transactions.create({
      businessId: quietBusiness,
      type: "expense",
      amount: "100",
      paymentMethod: "cash",
      transactionDate: "2026-11-21T09:15",
    });
    await quiet.caller.webhooks.endpoints.update({
      businessId: quietBusiness,
      endpointId: endpoint.id,
      events: ["transaction.created"],
      enabled: false,
    });
    await quiet.caller.transactions.create({
      businessId: quietBusiness,
      type: "expense",
      amount: "200",
      paymentMethod: "cash",
      transactionDate: "2026-11-21T09:15",
    });
    const events = await harness.db
      .select()
      .from(webhookEvents)
      .where(eq(webhookEvents.businessId, quietBusiness));
    expect(events).toEqual([]);
  });

  it("announces invoice.paid and invoice.overdue with their documented shapes", async () => {
    const { endpoint } = await addEndpoint("/hooks/invoices", ["invoice.paid", "invoice.overdue"]);
    const customer = await insertCustomer(harness.db, businessId);
    const draft = await owner.caller.invoices.create({
      businessId,
      ...sampleDraft(customer.id, { paymentTermsDays: 14 }),
    });
    const invoice = await owner.caller.invoices.issue({ businessId, invoiceId: draft.id });
    await markOverdueInvoices(harness.serviceContext(), new Date(Date.now() + 30 * 24 * 60 * MINUTE));
    await owner.caller.invoices.recordPayment({
      businessId,
      invoiceId: invoice.id,
      amount: "9,580",
      method: "cash",
    });
    const rows = await harness.db
      .select({ body: webhookEvents.body })
      .from(webhookDeliveries)
      .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
      .where(eq(webhookDeliveries.endpointId, endpoint.id));
    const bodies = rows.map((row) => JSON.parse(row.body));
    const overdue = bodies.find(
      (body) => body.type === "invoice.overdue" && body.data.invoiceId === invoice.id,
    );
    expect(overdue?.data).toMatchObject({
      dueDate: invoice.dueDate,
      total: { amount: "9580.00", currency: "KES" },
    });
    const paid = bodies.find((body) => body.type === "invoice.paid");
    expect(paid?.data).toMatchObject({
      invoiceId: invoice.id,
      invoiceNumber: invoice.invoiceNumber,
      customerId: customer.id,
      amountPaid: { amount: "9580.00", currency: "KES" },
    });
  });
});

describe("webhook delivery", () => {
  it("delivers a signed body that the standardwebhooks verifier accepts, and logs the attempt", async () => {
    const { endpoint, secret } = await addEndpoint("/hooks/signed");
    await recordIncome("Signed delivery");
    const [delivery] = await deliveriesOf(endpoint.id);
    expect(await deliver(String(delivery?.id))).toBe("succeeded");
    const received = await receiver.waitForDelivery((d) => d.path === "/hooks/signed");
    expect(received.verification).toEqual({ state: "verified" });
    const verified = new Webhook(secret).verify(received.body, received.headers) as { type: string };
    expect(verified.type).toBe("transaction.created");
    expect(received.headers["webhook-id"]).toMatch(/^msg_[0-9a-f]{32}$/);
    // A tampered body does not verify.
    expect(() =>
      new Webhook(secret).verify(received.body.replace("1250.50", "9250.50"), received.headers),
    ).toThrow();

    const detail = await owner.caller.webhooks.deliveries.get({
      businessId,
      deliveryId: String(delivery?.id),
    });
    expect(detail).toMatchObject({ status: "succeeded", attempts: 1, eventType: "transaction.created" });
    expect(detail.attemptLog).toHaveLength(1);
    expect(detail.attemptLog[0]).toMatchObject({ responseStatus: 200, error: null });
    expect(detail.attemptLog[0]?.requestHeaders["webhook-signature"]).toMatch(/^v1,/);
    expect(detail.attemptLog[0]?.durationMs).toBeGreaterThanOrEqual(0);
    // Delivered once: a second job for it changes nothing.
    expect(await deliver(String(delivery?.id))).toBe("finished");
  });

  it("retries with exponential backoff by the injected clock, then succeeds", async () => {
    const { endpoint } = await addEndpoint("/hooks/flaky");
    receiver.failNext("/hooks/flaky", 2, 503);
    await recordIncome("Flaky receiver");
    const [delivery] = await deliveriesOf(endpoint.id);
    const id = String(delivery?.id);
    const start = new Date();
    expect(await deliver(id, start)).toBe("retrying");
    let [row] = await deliveriesOf(endpoint.id);
    expect(row?.nextAttemptAt.getTime()).toBe(start.getTime() + 5 * SECOND);
    expect(row?.lastResponseStatus).toBe(503);
    // Not due yet: nothing is sent.
    expect(await deliver(id, new Date(start.getTime() + 4 * SECOND))).toBe("not-due");
    const second = new Date(start.getTime() + 5 * SECOND);
    expect(await deliver(id, second)).toBe("retrying");
    [row] = await deliveriesOf(endpoint.id);
    expect(row?.nextAttemptAt.getTime()).toBe(second.getTime() + 5 * MINUTE);
    expect(await deliver(id, new Date(second.getTime() + 5 * MINUTE))).toBe("succeeded");
    const attempts = await harness.db
      .select()
      .from(webhookAttempts)
      .where(eq(webhookAttempts.deliveryId, id));
    expect(attempts.map((attempt) => attempt.responseStatus).sort()).toEqual([200, 503, 503]);
    expect(receiver.deliveries().filter((d) => d.path === "/hooks/flaky")).toHaveLength(3);
  });

  it("gives up when the schedule runs out: the endpoint is switched off, flagged, and owners are told", async () => {
    const short = { ...webhooks, retryDelaysMs: [SECOND, 2 * SECOND] };
    const { endpoint } = await addEndpoint("/hooks/down");
    receiver.failNext("/hooks/down", 100, 500);
    await recordIncome("Receiver is down");
    const [delivery] = await deliveriesOf(endpoint.id);
    const id = String(delivery?.id);
    const clock = new Date();
    expect(await deliver(id, clock, short)).toBe("retrying");
    expect(await deliver(id, new Date(clock.getTime() + SECOND), short)).toBe("retrying");
    expect(await deliver(id, new Date(clock.getTime() + 3 * SECOND), short)).toBe("failed");
    const [flagged] = await harness.db
      .select()
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.id, endpoint.id));
    expect(flagged).toMatchObject({ enabled: false });
    expect(flagged?.flaggedAt).not.toBeNull();
    expect(flagged?.flagReason).toContain("500");
    const told = await harness.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, owner.id), eq(notifications.kind, "webhooks.endpoint_flagged")));
    expect(told.length).toBeGreaterThan(0);
    // A switched-off endpoint gets no new events; switching it on clears the flag.
    await recordIncome("While switched off");
    expect(await deliveriesOf(endpoint.id)).toHaveLength(1);
    const back = await owner.caller.webhooks.endpoints.update({
      businessId,
      endpointId: endpoint.id,
      enabled: true,
    });
    expect(back).toMatchObject({ enabled: true, flaggedAt: null, flagReason: null });
    receiver.failNext("/hooks/down", 0);
  });

  it("resends a delivery with the same webhook-id and body, and sends test events", async () => {
    const { endpoint } = await addEndpoint("/hooks/resend");
    await recordIncome("Resend me");
    const [first] = await deliveriesOf(endpoint.id);
    expect(await deliver(String(first?.id))).toBe("succeeded");
    const { deliveryId } = await owner.caller.webhooks.deliveries.resend({
      businessId,
      deliveryId: String(first?.id),
    });
    expect(await deliver(deliveryId)).toBe("succeeded");
    const both = receiver.deliveries().filter((d) => d.path === "/hooks/resend");
    expect(both).toHaveLength(2);
    expect(both[0]?.headers["webhook-id"]).toBe(both[1]?.headers["webhook-id"]);
    expect(both[0]?.body).toBe(both[1]?.body);
    expect(both.every((d) => d.verification.state === "verified")).toBe(true);

    const test = await owner.caller.webhooks.endpoints.sendTest({ businessId, endpointId: endpoint.id });
    expect(await deliver(test.deliveryId)).toBe("succeeded");
    const received = await receiver.waitForDelivery(
      (d) => d.path === "/hooks/resend" && d.body.includes("webhook.test"),
    );
    expect(received.verification).toEqual({ state: "verified" });
    const page = await owner.caller.webhooks.deliveries.list({
      businessId,
      endpointId: endpoint.id,
      limit: 2,
    });
    expect(page.items).toHaveLength(2);
    expect(page.nextCursor).not.toBeNull();
    const rest = await owner.caller.webhooks.deliveries.list({
      businessId,
      endpointId: endpoint.id,
      limit: 2,
      cursor: page.nextCursor,
    });
    expect(rest.items).toHaveLength(1);
  });

  it("attack: an endpoint address pointing inside our network is refused when saved and when sent", async () => {
    for (const url of [
      "http://169.254.169.254/latest/meta-data/",
      "http://10.0.0.7/hooks",
      "http://localhost:5432/",
    ]) {
      const refused = await refusalDetails(
        owner.caller.webhooks.endpoints.create({ businessId, url, events: ["transaction.created"] }),
      );
      expect(refused.code, url).toBe("BAD_REQUEST");
      expect(refused.fieldErrors.url, url).toBeDefined();
    }
    // A public-looking name whose DNS answer is the metadata service: refused at send time, and logged.
    const { endpoint } = await owner.caller.webhooks.endpoints.create({
      businessId,
      url: "http://hooks.rebound.example/kavi",
      events: ["transaction.created"],
    });
    await recordIncome("Toward the metadata service");
    const [delivery] = await deliveriesOf(endpoint.id);
    const toMetadata = { ...webhooks, resolve: async () => [{ address: "169.254.169.254", family: 4 }] };
    expect(await deliver(String(delivery?.id), new Date(), toMetadata)).toBe("retrying");
    const [attempt] = await harness.db
      .select()
      .from(webhookAttempts)
      .where(eq(webhookAttempts.deliveryId, String(delivery?.id)));
    expect(attempt).toMatchObject({ responseStatus: null });
    expect(attempt?.error).toMatch(/^Refused: .*169\.254\.169\.254/);
  });

  it("the sweep enqueues due deliveries that lost their job", async () => {
    const { endpoint } = await addEndpoint("/hooks/swept");
    await recordIncome("Lost job");
    const enqueued = await sweepWebhookDeliveries(
      harness.serviceContext({ now: () => new Date(Date.now() + 2 * MINUTE) }),
    );
    expect(enqueued).toBeGreaterThan(0);
    const [row] = await deliveriesOf(endpoint.id);
    const waiting = await harness.jobs.queue("webhooks").getJobs(["waiting", "delayed", "prioritized"]);
    expect(waiting.some((job) => job.data.deliveryId === row?.id)).toBe(true);
  });
});
