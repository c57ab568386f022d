import { randomBytes, randomUUID } from "node:crypto";
import { SANDBOX_STK_PASSKEY } from "@kavi/daraja";
import { callerWithToken, signUpOverHttp } from "@kavi/server/testing";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Stack, startStack } from "./stack";

/**
 * docs/api.md's "Walkthrough with curl", step by step, as an outside developer follows it: the same requests
 * over HTTP with an API key, the prompt approved on the Daraja simulator's phone, and the signed `invoice.paid`
 * webhook arriving at the local receiver and verifying with the `standardwebhooks` library's own verifier.
 * Keep the two in step: a change to the walkthrough changes this test.
 */

const suffix = randomBytes(3).toString("hex");
const HOOK_PATH = "/hooks/shop";

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe("docs/api.md walkthrough: from an API key to a signed invoice.paid webhook", () => {
  let stack: Stack;
  let KAVI: string;
  let KAVI_KEY: string;
  let BUSINESS: string;
  let webhookSecret: string;

  /** `curl -s -X <method> "$KAVI<path>" -H "Authorization: Bearer $KAVI_KEY" …` */
  async function curl(
    method: string,
    path: string,
    options: { body?: unknown; idempotencyKey?: string } = {},
  ): Promise<Answer> {
    const response = await fetch(`${KAVI}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${KAVI_KEY}`,
        ...(options.body !== undefined ? { "content-type": "application/json" } : {}),
        ...(options.idempotencyKey ? { "idempotency-key": options.idempotencyKey } : {}),
      },
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  beforeAll(async () => {
    // `pnpm dev`: the API, the worker, the Daraja simulator with a phone that waits for you, the webhook receiver.
    stack = await startStack({ mpesa: true, webhooks: true, darajaDefaultOutcome: "manual" });
    KAVI = `${stack.api.url}/api/v1`;
    const owner = await signUpOverHttp(stack.api, {
      fullName: "Amina Wanjiru",
      email: `amina.${suffix}@example.co.ke`,
      password: "Chapati-Na-Maharagwe-7",
    });
    const app = await callerWithToken(stack.api, owner.accessToken, "api-walkthrough");
    BUSINESS = (
      await app.business.create({
        legalName: `Amina Duka ${suffix} Ltd`,
        country: "KE",
        baseCurrency: "KES",
        timezone: "Africa/Nairobi",
      })
    ).id;
    // What the walkthrough takes as given, done in the app by the owner: M-Pesa setup (the demo business has it) …
    await app.mpesa.settings.save({
      businessId: BUSINESS,
      accountType: "paybill",
      shortcode: "174379",
      environment: "sandbox",
      consumerKey: `walkthrough-${suffix}`,
      consumerSecret: "walkthrough-consumer-secret",
      passkey: SANDBOX_STK_PASSKEY,
      c2bValidation: "accept_all",
    });
    // … a key from Settings → API (shown once) …
    KAVI_KEY = (
      await app.apiKeys.create({
        businessId: BUSINESS,
        name: "Walkthrough",
        scopes: [
          { module: "invoices", access: "write" },
          { module: "payments", access: "write" },
        ],
      })
    ).secret;
    expect(KAVI_KEY).toMatch(/^kavi_test_/);
    // … and an endpoint for invoice.paid in Settings → Webhooks, its whsec_ secret pasted into the receiver.
    const receiver = stack.webhooks;
    if (!receiver) throw new Error("the stack has no webhook receiver");
    const endpoint = await app.webhooks.endpoints.create({
      businessId: BUSINESS,
      url: `${receiver.url}${HOOK_PATH}`,
      description: "The shop",
      events: ["invoice.paid"],
    });
    webhookSecret = endpoint.secret;
    expect(webhookSecret).toMatch(/^whsec_/);
    receiver.setSecret(HOOK_PATH, webhookSecret);
  }, 180_000);

  afterAll(async () => {
    await stack?.close();
  });

  it("creates a customer, issues an invoice, gets it paid by M-Pesa, and receives the verified webhook", async () => {
    // Add a customer (201). The Idempotency-Key makes a retry safe.
    const customerKey = randomUUID();
    const customerBody = { name: "Mama Mboga Kiosk", email: "mboga@example.co.ke", phone: "0712345678" };
    const customer = await curl("POST", `/businesses/${BUSINESS}/customers`, {
      body: customerBody,
      idempotencyKey: customerKey,
    });
    expect(customer.status, JSON.stringify(customer.body)).toBe(201);
    const retried = await curl("POST", `/businesses/${BUSINESS}/customers`, {
      body: customerBody,
      idempotencyKey: customerKey,
    });
    expect(retried.body.id).toBe(customer.body.id);

    // Draft an invoice for them (201): money in and out as decimal strings.
    const invoice = await curl("POST", `/businesses/${BUSINESS}/invoices`, {
      body: {
        customerId: customer.body.id,
        lines: [{ description: "Sukuma wiki, bunch", quantity: "12", unitPrice: "30.00" }],
      },
      idempotencyKey: randomUUID(),
    });
    expect(invoice.status, JSON.stringify(invoice.body)).toBe(201);
    expect(invoice.body).toMatchObject({ currency: "KES", subtotal: "360.00", total: "417.60" });
    const invoiceId = String(invoice.body.id);

    // Issue it (gives it its number), then ask the customer's phone to pay it with M-Pesa (STK push).
    const issued = await curl("POST", `/businesses/${BUSINESS}/invoices/${invoiceId}/issue`);
    expect(issued.status, JSON.stringify(issued.body)).toBe(200);
    expect(issued.body.invoiceNumber).toEqual(expect.any(String));
    const prompt = await curl("POST", `/businesses/${BUSINESS}/invoices/${invoiceId}/mpesa-requests`, {
      body: { phone: "0712345678" },
      idempotencyKey: randomUUID(),
    });
    expect(prompt.status, JSON.stringify(prompt.body)).toBe(201);
    const paymentRequestId = String(prompt.body.id);

    // Approve the prompt on the Daraja simulator's phone (what its page's Approve button sends).
    const daraja = stack.daraja;
    if (!daraja) throw new Error("the stack has no Daraja simulator");
    const pending = await until("the prompt on the simulator's phone", async () => {
      const prompts = (await (await fetch(`${daraja.url}/__simulator/pending`)).json()) as {
        checkoutRequestId: string;
        phoneNumber: string;
        amount: number;
      }[];
      return prompts.find((candidate) => candidate.phoneNumber === "254712345678");
    });
    expect(pending.amount).toBe(418); // KES 417.60, rounded up: M-Pesa takes whole shillings.
    const approved = await fetch(
      `${daraja.url}/__simulator/stk/${encodeURIComponent(pending.checkoutRequestId)}/approve`,
      { method: "POST", headers: { "content-type": "application/json" }, body: "{}" },
    );
    expect(approved.status).toBe(200);

    // Then follow it: the request completes, and the invoice is paid.
    const request = await until("the payment request to be paid", async () => {
      const answer = await curl("GET", `/businesses/${BUSINESS}/mpesa-requests/${paymentRequestId}`);
      return answer.body.status === "paid" ? answer : undefined;
    });
    expect(request.status).toBe(200);
    const paid = await until("the invoice to be paid", async () => {
      const answer = await curl("GET", `/businesses/${BUSINESS}/invoices/${invoiceId}`);
      return answer.body.status === "paid" ? answer : undefined;
    });
    expect(paid.body).toMatchObject({ status: "paid", total: "417.60" });

    // Page through invoices still open: the paid one is not among them.
    const open = await curl("GET", `/businesses/${BUSINESS}/invoices?status=open&limit=10`);
    expect(open.status).toBe(200);
    expect((open.body.items as { id: string }[]).map((item) => item.id)).not.toContain(invoiceId);

    // Receive the invoice.paid webhook: the receiver verified it, and so does the library in our own code.
    const receiver = stack.webhooks;
    if (!receiver) throw new Error("the stack has no webhook receiver");
    const delivery = await receiver.waitForDelivery(
      (candidate) => candidate.path === HOOK_PATH && candidate.body.includes('"invoice.paid"'),
      { timeoutMs: 30_000 },
    );
    expect(delivery.verification).toEqual({ state: "verified" });
    expect(delivery.headers).toMatchObject({
      "webhook-id": expect.any(String),
      "webhook-timestamp": expect.any(String),
      "webhook-signature": expect.stringMatching(/^v1,/),
    });
    const event = new Webhook(webhookSecret).verify(delivery.body, delivery.headers) as {
      type: string;
      timestamp: string;
      data: Record<string, unknown>;
    };
    expect(event.type).toBe("invoice.paid");
    expect(event.data).toMatchObject({ invoiceId, invoiceNumber: issued.body.invoiceNumber });
    // A forged body does not verify.
    expect(() =>
      new Webhook(webhookSecret).verify(delivery.body.replace(invoiceId, randomUUID()), delivery.headers),
    ).toThrow();
  }, 120_000);
});
