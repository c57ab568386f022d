import { Buffer } from "node:buffer";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { parseStkCallback } from "../callbacks";
import { computeStkPassword, SANDBOX_STK_PASSKEY } from "../password";
import { type CallbackReceiver, startCallbackReceiver } from "../test/callback-receiver";
import { formatDarajaTimestamp } from "../timestamp";
import {
  type DarajaSimulator,
  magicPhoneFor,
  planOutcomeForPhone,
  SIMULATOR_REJECTED_CONSUMER_KEY,
  SIMULATOR_WRONG_PIN,
  startDarajaSimulator,
} from "./index";

let simulator: DarajaSimulator;
let receiver: CallbackReceiver;

beforeAll(async () => {
  [simulator, receiver] = await Promise.all([
    startDarajaSimulator({
      callbackDelayMs: 5,
      deliveryRetryDelaysMs: [5, 5],
      outOfOrderWindowMs: 60_000,
      delayedDeliveryMs: 150,
      manualPromptTimeoutMs: 60_000,
      passkeys: { "600100": "registered-passkey" },
    }),
    startCallbackReceiver(),
  ]);
});

afterEach(() => {
  simulator.reset();
  receiver.clear();
});

afterAll(async () => {
  await Promise.all([simulator.close(), receiver.close()]);
});

const basic = (key: string, secret: string) => `Basic ${Buffer.from(`${key}:${secret}`).toString("base64")}`;

async function requestToken(authorization = basic("key", "secret"), grantType = "client_credentials") {
  const response = await fetch(`${simulator.url}/oauth/v1/generate?grant_type=${grantType}`, {
    headers: { Authorization: authorization },
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function bearer(): Promise<string> {
  const { body } = await requestToken();
  return `Bearer ${String(body.access_token)}`;
}

async function post(path: string, body: unknown, authorization?: string, contentType = "application/json") {
  const response = await fetch(`${simulator.url}${path}`, {
    method: "POST",
    headers: { Authorization: authorization ?? (await bearer()), "Content-Type": contentType },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function stkBody(overrides: Record<string, unknown> = {}) {
  const timestamp = formatDarajaTimestamp(new Date());
  return {
    BusinessShortCode: 174379,
    Password: computeStkPassword("174379", SANDBOX_STK_PASSKEY, timestamp),
    Timestamp: timestamp,
    TransactionType: "CustomerPayBillOnline",
    Amount: "1250",
    PartyA: "254708374149",
    PartyB: "174379",
    PhoneNumber: "254708374149",
    CallBackURL: `${receiver.url}/hooks/stk`,
    AccountReference: "INV-0042",
    TransactionDesc: "Invoice",
    ...overrides,
  };
}

async function push(overrides: Record<string, unknown> = {}): Promise<string> {
  const { status, body } = await post("/mpesa/stkpush/v1/processrequest", stkBody(overrides));
  expect(status, JSON.stringify(body)).toBe(200);
  return String(body.CheckoutRequestID);
}

const stkCallbacks = () => receiver.received("/hooks/stk").map((callback) => parseStkCallback(callback.body));

describe("OAuth", () => {
  it("issues tokens with expires_in as a string, as Daraja does", async () => {
    const { status, body } = await requestToken();
    expect(status).toBe(200);
    expect(body).toEqual({ access_token: expect.stringMatching(/^\w{28}$/), expires_in: "3599" });
  });

  it.each([
    ["no Basic header", "", "client_credentials", "400.008.01"],
    ["a header without a secret", basic("key", ""), "client_credentials", "400.008.01"],
    [
      "the rejected consumer key",
      basic(SIMULATOR_REJECTED_CONSUMER_KEY, "secret"),
      "client_credentials",
      "400.008.01",
    ],
    ["a wrong grant type", basic("key", "secret"), "password", "400.008.02"],
  ])("refuses %s", async (_label, authorization, grantType, errorCode) => {
    const { status, body } = await requestToken(authorization, grantType);
    expect(status).toBe(400);
    expect(body).toMatchObject({ errorCode, requestId: expect.any(String) });
  });

  it("accepts only tokens it issued and still considers valid", async () => {
    expect((await post("/mpesa/stkpush/v1/processrequest", stkBody(), "Bearer made-up")).body).toMatchObject({
      errorCode: "404.001.03",
      errorMessage: "Invalid Access Token",
    });
    expect((await post("/mpesa/stkpush/v1/processrequest", stkBody(), "Token abc")).body).toMatchObject({
      errorCode: "404.001.04",
    });
    const token = await bearer();
    simulator.invalidateTokens();
    expect((await post("/mpesa/c2b/v1/registerurl", {}, token)).body).toMatchObject({
      errorCode: "400.003.01",
    });
  });

  it("expires tokens after their lifetime", async () => {
    let now = new Date();
    const shortLived = await startDarajaSimulator({ tokenTtlSeconds: 60, now: () => now });
    try {
      const tokenResponse = await fetch(`${shortLived.url}/oauth/v1/generate?grant_type=client_credentials`, {
        headers: { Authorization: basic("k", "s") },
      });
      const { access_token: token } = (await tokenResponse.json()) as { access_token: string };
      now = new Date(now.getTime() + 61_000);
      const response = await fetch(`${shortLived.url}/mpesa/accountbalance/v1/query`, {
        method: "POST",
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
        body: "{}",
      });
      expect(await response.json()).toMatchObject({ errorCode: "404.001.03" });
    } finally {
      await shortLived.close();
    }
  });
});

describe("STK push validation", () => {
  it.each([
    ["a decimal amount", { Amount: "1.5" }, "Bad Request - Invalid Amount"],
    ["an amount above 250,000", { Amount: 250_001 }, "Bad Request - Invalid Amount"],
    ["a zero amount", { Amount: 0 }, "Bad Request - Invalid Amount"],
    ["a local phone format", { PhoneNumber: "0708374149" }, "Bad Request - Invalid PhoneNumber"],
    ["a relative CallBackURL", { CallBackURL: "/hooks" }, "Bad Request - Invalid CallBackURL"],
    [
      "a forbidden word in CallBackURL",
      { CallBackURL: "https://kavi.example/mpesa/stk" },
      "Bad Request - Invalid CallBackURL",
    ],
    ["a malformed Timestamp", { Timestamp: "2024-01-01" }, "Bad Request - Invalid Timestamp"],
    ["an unknown TransactionType", { TransactionType: "PayBill" }, "Bad Request - Invalid TransactionType"],
    [
      "a long AccountReference",
      { AccountReference: "INV-000000042" },
      "Bad Request - Invalid AccountReference",
    ],
  ])("refuses %s with 400.002.02", async (_label, overrides, errorMessage) => {
    const { status, body } = await post("/mpesa/stkpush/v1/processrequest", stkBody(overrides));
    expect(status).toBe(400);
    expect(body).toMatchObject({ errorCode: "400.002.02", errorMessage });
  });

  it("refuses a UTC timestamp: the classic bug", async () => {
    const utc = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
    const password = computeStkPassword("174379", SANDBOX_STK_PASSKEY, utc);
    const { body } = await post(
      "/mpesa/stkpush/v1/processrequest",
      stkBody({ Timestamp: utc, Password: password }),
    );
    expect(body).toMatchObject({ errorCode: "400.002.02", errorMessage: "Bad Request - Invalid Timestamp" });
  });

  it("checks the password against the passkey it knows", async () => {
    const wrong = await post("/mpesa/stkpush/v1/processrequest", stkBody({ Password: "d3Jvbmc=" }));
    expect(wrong).toMatchObject({
      status: 500,
      body: { errorCode: "500.001.1001", errorMessage: "Wrong credentials" },
    });

    const timestamp = formatDarajaTimestamp(new Date());
    const registered = {
      BusinessShortCode: "600100",
      PartyB: "600100",
      Timestamp: timestamp,
      Password: computeStkPassword("600100", "registered-passkey", timestamp),
    };
    expect((await post("/mpesa/stkpush/v1/processrequest", stkBody(registered))).status).toBe(200);

    const unknown = await post(
      "/mpesa/stkpush/v1/processrequest",
      stkBody({
        ...registered,
        BusinessShortCode: "600200",
        PartyB: "600200",
        Password: computeStkPassword("600200", "x", timestamp),
      }),
    );
    expect(unknown.body).toMatchObject({
      errorCode: "500.001.1001",
      errorMessage: "Merchant does not exist",
    });
  });

  it("can be lenient about passkeys, never about the password's shape", async () => {
    const lenient = await startDarajaSimulator({ lenientPasskeys: true });
    try {
      const token = await fetch(`${lenient.url}/oauth/v1/generate?grant_type=client_credentials`, {
        headers: { Authorization: basic("k", "s") },
      }).then((response) => response.json() as Promise<{ access_token: string }>);
      const timestamp = formatDarajaTimestamp(new Date());
      const send = (password: string) =>
        fetch(`${lenient.url}/mpesa/stkpush/v1/processrequest`, {
          method: "POST",
          headers: { Authorization: `Bearer ${token.access_token}`, "Content-Type": "application/json" },
          body: JSON.stringify(
            stkBody({
              BusinessShortCode: "600300",
              PartyB: "600300",
              Timestamp: timestamp,
              Password: password,
            }),
          ),
        });
      expect((await send(computeStkPassword("600300", "any-passkey", timestamp))).status).toBe(200);
      expect((await send(computeStkPassword("600300", "any-passkey", "20200101000000"))).status).toBe(500);
    } finally {
      await lenient.close();
    }
  });

  it("needs a JSON content type and a JSON body", async () => {
    expect(
      (await post("/mpesa/stkpush/v1/processrequest", stkBody(), undefined, "text/plain")).body,
    ).toMatchObject({
      errorCode: "400.002.02",
    });
    const response = await fetch(`${simulator.url}/mpesa/stkpush/v1/processrequest`, {
      method: "POST",
      headers: { Authorization: await bearer(), "Content-Type": "application/json" },
      body: "{not json",
    });
    expect(await response.json()).toMatchObject({
      errorCode: "400.002.05",
      errorMessage: "Invalid Request Payload",
    });
  });
});

describe("outcomes", () => {
  it("decodes magic phones", () => {
    expect(planOutcomeForPhone("254708374149")).toEqual({ outcome: "success", fault: undefined });
    expect(planOutcomeForPhone("254701001032")).toEqual({ outcome: "cancelled", fault: "duplicated" });
    expect(planOutcomeForPhone("254712345678")).toEqual({ outcome: undefined, fault: undefined });
    expect(magicPhoneFor("wrong-pin", "never-delivered")).toBe("254704002001");
  });

  it.each([
    ["insufficient-funds", 1],
    ["expired", 1019],
    ["cancelled", 1032],
    ["unreachable", 1037],
    ["wrong-pin", 2001],
  ] as const)("settles %s as ResultCode %i with no metadata", async (outcome, resultCode) => {
    const checkoutRequestId = await push({
      PhoneNumber: magicPhoneFor(outcome),
      PartyA: magicPhoneFor(outcome),
    });
    await vi.waitFor(() => expect(stkCallbacks()).toHaveLength(1));
    expect(stkCallbacks()[0]).toEqual({
      kind: "stk",
      checkoutRequestId,
      merchantRequestId: expect.any(String),
      resultCode,
      resultDesc: expect.any(String),
      success: false,
    });
  });

  it("waits for a person in manual mode; PIN 0000 plays a wrong PIN", async () => {
    const first = await push({ PhoneNumber: magicPhoneFor("manual") });
    const second = await push({ PhoneNumber: magicPhoneFor("manual"), Amount: 10 });
    expect(
      simulator.pending().map((prompt) => [prompt.checkoutRequestId, prompt.mode, prompt.amount]),
    ).toEqual([
      [first, "manual", 1250],
      [second, "manual", 10],
    ]);
    simulator.approve(first);
    simulator.approve(second, { pin: SIMULATOR_WRONG_PIN });
    expect(() => simulator.approve(first)).toThrow(/settled/);
    expect(() => simulator.cancel("ws_CO_unknown")).toThrow(/No STK request/);
    await vi.waitFor(() => expect(stkCallbacks()).toHaveLength(2));
    const byId = new Map(stkCallbacks().map((event) => [event.checkoutRequestId, event]));
    expect(byId.get(first)).toMatchObject({ success: true, amount: 1250 });
    expect(byId.get(second)).toMatchObject({ resultCode: 2001 });
  });

  it("ends an unanswered manual prompt as unreachable", async () => {
    const impatient = await startDarajaSimulator({ defaultOutcome: "manual", manualPromptTimeoutMs: 20 });
    try {
      const token = await fetch(`${impatient.url}/oauth/v1/generate?grant_type=client_credentials`, {
        headers: { Authorization: basic("k", "s") },
      }).then((response) => response.json() as Promise<{ access_token: string }>);
      await fetch(`${impatient.url}/mpesa/stkpush/v1/processrequest`, {
        method: "POST",
        headers: { Authorization: `Bearer ${token.access_token}`, "Content-Type": "application/json" },
        body: JSON.stringify(stkBody({ PhoneNumber: "254712345678" })),
      });
      await vi.waitFor(() => expect(stkCallbacks()).toHaveLength(1));
      expect(stkCallbacks()[0]?.resultCode).toBe(1037);
    } finally {
      await impatient.close();
    }
  });
});

describe("delivery faults", () => {
  it("duplicates a callback three times", async () => {
    const id = await push({ PhoneNumber: magicPhoneFor("success", "duplicated") });
    await vi.waitFor(() => expect(stkCallbacks()).toHaveLength(3));
    expect(new Set(stkCallbacks().map((event) => `${event.checkoutRequestId}/${event.receipt}`))).toEqual(
      new Set([`${id}/${stkCallbacks()[0]?.receipt}`]),
    );
    expect(simulator.deliveries().map((delivery) => delivery.copy)).toEqual([1, 2, 3]);
  });

  it("delivers an out-of-order batch latest first", async () => {
    const phone = magicPhoneFor("success", "out-of-order");
    const first = await push({ PhoneNumber: phone });
    // The first result is held until the second completes the batch of two.
    await vi.waitFor(() => expect(simulator.deliveries()).toHaveLength(1));
    expect(stkCallbacks()).toEqual([]);
    const second = await push({ PhoneNumber: phone, Amount: 10 });
    await vi.waitFor(() => expect(stkCallbacks()).toHaveLength(2));
    expect(stkCallbacks().map((event) => event.checkoutRequestId)).toEqual([second, first]);
  });

  it("lets the query see the result before a delayed callback arrives", async () => {
    const id = await push({ PhoneNumber: magicPhoneFor("cancelled", "delayed") });
    const query = async () => {
      const timestamp = formatDarajaTimestamp(new Date());
      return post("/mpesa/stkpushquery/v1/query", {
        BusinessShortCode: "174379",
        Password: computeStkPassword("174379", SANDBOX_STK_PASSKEY, timestamp),
        Timestamp: timestamp,
        CheckoutRequestID: id,
      });
    };
    await vi.waitFor(async () => expect((await query()).status).toBe(200));
    expect((await query()).body).toMatchObject({ ResultCode: "1032", CheckoutRequestID: id });
    expect(simulator.deliveries()[0]?.status).toBe("scheduled");
    expect(stkCallbacks()).toEqual([]);
    await vi.waitFor(() => expect(stkCallbacks()).toHaveLength(1));
  });

  it("never delivers, while the query still reports the result", async () => {
    const id = await push({ PhoneNumber: magicPhoneFor("success", "never-delivered") });
    await vi.waitFor(() => expect(simulator.deliveries()).toHaveLength(1));
    expect(simulator.deliveries()[0]).toMatchObject({ status: "dropped", attempts: [], reference: id });
    const timestamp = formatDarajaTimestamp(new Date());
    const query = await post("/mpesa/stkpushquery/v1/query", {
      BusinessShortCode: 174379,
      Password: computeStkPassword("174379", SANDBOX_STK_PASSKEY, timestamp),
      Timestamp: timestamp,
      CheckoutRequestID: id,
    });
    expect(query.body).toMatchObject({ ResultCode: "0" });
    expect(receiver.received()).toEqual([]);
  });

  it("re-sends a failed delivery twice and records each HTTP status", async () => {
    receiver.replyWith(
      "/hooks/stk",
      { httpStatus: 503, body: { error: "busy" } },
      { httpStatus: 500, body: { error: "still busy" } },
      { httpStatus: 200, body: { ResultCode: 0, ResultDesc: "Accepted" } },
    );
    await push();
    await vi.waitFor(() => expect(simulator.deliveries()[0]?.status).toBe("delivered"));
    expect(simulator.deliveries()[0]?.attempts.map((attempt) => attempt.httpStatus)).toEqual([503, 500, 200]);
  });

  it("gives up after the re-sends", async () => {
    receiver.replyWith("/hooks/stk", { httpStatus: 503, body: {} });
    await push();
    await vi.waitFor(() => expect(simulator.deliveries()[0]?.attempts).toHaveLength(3));
    expect(simulator.deliveries()[0]?.status).toBe("failed");
  });
});

describe("control API and phone page", () => {
  const control = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${simulator.url}/__simulator${path}`, {
      method,
      headers: { "Content-Type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as unknown };
  };

  it("serves a self-contained phone page", async () => {
    const response = await fetch(`${simulator.url}/phone`);
    const html = await response.text();
    expect(response.headers.get("content-type")).toMatch(/text\/html/);
    expect(html).toContain("Approve");
    expect(html).toContain("/__simulator/pending");
    expect(html).not.toMatch(/<(link|script)[^>]+(href|src)=/);
  });

  it("lists, approves and cancels pending prompts over HTTP", async () => {
    const approved = await push({ PhoneNumber: magicPhoneFor("manual") });
    const cancelled = await push({ PhoneNumber: magicPhoneFor("manual") });
    const pending = await control("GET", "/pending");
    expect(pending.body).toEqual([
      expect.objectContaining({
        checkoutRequestId: approved,
        accountReference: "INV-0042",
        partyB: "174379",
      }),
      expect.objectContaining({ checkoutRequestId: cancelled }),
    ]);
    expect((await control("POST", `/stk/${approved}/approve`, { pin: "1234" })).status).toBe(200);
    expect((await control("POST", `/stk/${cancelled}/cancel`, {})).status).toBe(200);
    expect((await control("POST", `/stk/${cancelled}/cancel`, {})).status).toBe(409);
    expect((await control("POST", "/stk/ws_CO_nope/approve", {})).status).toBe(404);
    expect((await control("POST", `/stk/${approved}/approve`, { pin: "12" })).status).toBe(400);
    await vi.waitFor(() => expect(stkCallbacks()).toHaveLength(2));
    expect((await control("GET", "/deliveries")).body).toHaveLength(2);
  });

  it("sets global faults, which win over magic digits, and resets them", async () => {
    expect((await control("POST", "/faults", { delivery: "never-delivered" })).body).toEqual({
      delivery: "never-delivered",
      responseDelayMs: 0,
      rejectC2bReRegistration: false,
      confirmation: null,
    });
    expect((await control("POST", "/faults", { delivery: "sometimes" })).status).toBe(400);
    await push({ PhoneNumber: magicPhoneFor("success", "duplicated") });
    await vi.waitFor(() => expect(simulator.deliveries()).toHaveLength(1));
    expect(simulator.deliveries()[0]?.status).toBe("dropped");
    expect((await control("GET", "/requests")).body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: "/mpesa/stkpush/v1/processrequest", httpStatus: 200 }),
      ]),
    );
    await control("POST", "/reset");
    expect(simulator.faults().delivery).toBeNull();
    expect(simulator.deliveries()).toEqual([]);
    expect(simulator.requests()).toEqual([]);
  });

  it("registers passkeys through the control API", async () => {
    expect((await control("POST", "/passkeys", { shortCode: "600700", passkey: "pk" })).status).toBe(200);
    const timestamp = formatDarajaTimestamp(new Date());
    await push({
      BusinessShortCode: "600700",
      PartyB: "600700",
      Timestamp: timestamp,
      Password: computeStkPassword("600700", "pk", timestamp),
    });
  });
});
