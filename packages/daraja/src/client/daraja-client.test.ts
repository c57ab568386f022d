import { Buffer } from "node:buffer";
import { constants, privateDecrypt } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { parseB2cResult, parseC2bConfirmation, parseQueueTimeout, parseStkCallback } from "../callbacks";
import { parseAccountBalanceResult, parseTransactionStatusResult } from "../callbacks/results";
import { computeStkPassword, SANDBOX_STK_PASSKEY, SANDBOX_TEST_MSISDN } from "../password";
import {
  type DarajaSimulator,
  magicPhoneFor,
  SIMULATOR_REJECTED_CONSUMER_KEY,
  startDarajaSimulator,
} from "../simulator";
import { type CallbackReceiver, startCallbackReceiver } from "../test/callback-receiver";
import {
  clearDarajaTokenCache,
  computeSecurityCredential,
  DarajaClient,
  type DarajaClientOptions,
  DarajaError,
  DarajaNetworkError,
  DarajaTimeoutError,
  DarajaValidationError,
  isOutcomeUnknown,
  type StkPushOptions,
} from "./index";

const certificatePem = readFileSync(new URL("./fixtures/test-initiator.cert.pem", import.meta.url), "utf8");
const privateKeyPem = readFileSync(new URL("./fixtures/test-initiator.key.pem", import.meta.url), "utf8");

let simulator: DarajaSimulator;
let receiver: CallbackReceiver;

beforeAll(async () => {
  [simulator, receiver] = await Promise.all([
    startDarajaSimulator({ callbackDelayMs: 5, deliveryRetryDelaysMs: [5, 5] }),
    startCallbackReceiver(),
  ]);
});

afterEach(() => {
  simulator.reset();
  receiver.clear();
  clearDarajaTokenCache();
});

afterAll(async () => {
  await Promise.all([simulator.close(), receiver.close()]);
});

function createClient(overrides: Partial<DarajaClientOptions> = {}): DarajaClient {
  return new DarajaClient({
    consumerKey: "kavi-test-key",
    consumerSecret: "kavi-test-secret",
    environment: "sandbox",
    baseUrl: simulator.url,
    timeoutMs: 5000,
    initiator: { name: "testapi", password: "Safaricom999!*!", certificatePem },
    ...overrides,
  });
}

function stkPush(overrides: Partial<StkPushOptions> = {}): StkPushOptions {
  return {
    businessShortCode: "174379",
    passkey: SANDBOX_STK_PASSKEY,
    phoneNumber: "0708374149",
    amount: 1250,
    callbackUrl: `${receiver.url}/hooks/stk`,
    accountReference: "INV-0042",
    transactionDesc: "Invoice",
    ...overrides,
  } as StkPushOptions;
}

const oauthRequests = () => simulator.requests().filter((request) => request.path === "/oauth/v1/generate");
const apiRequests = (path: string) => simulator.requests().filter((request) => request.path === path);

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

describe("OAuth token cache", () => {
  it("fetches one token for many calls and shares it between instances with the same credentials", async () => {
    const first = createClient();
    const second = createClient();
    await first.lipaNaMpesaOnline(stkPush());
    await first.lipaNaMpesaOnline(stkPush({ amount: 1251 }));
    await second.lipaNaMpesaOnline(stkPush({ amount: 1252 }));
    expect(oauthRequests()).toHaveLength(1);
    await createClient({ consumerKey: "another-key" }).getAccessToken();
    expect(oauthRequests()).toHaveLength(2);
  });

  it("has a single refresh in flight under concurrency", async () => {
    const client = createClient();
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, index) => client.lipaNaMpesaOnline(stkPush({ amount: 100 + index }))),
    );
    expect(new Set(results.map((result) => result.checkoutRequestId)).size).toBe(6);
    expect(oauthRequests()).toHaveLength(1);
  });

  it("refreshes 60 s before expiry, reading expires_in as a number too", async () => {
    let now = new Date("2024-05-01T09:00:00Z");
    let issued = 0;
    const fakeFetch: typeof fetch = async (input) => {
      expect(String(input)).toContain("/oauth/v1/generate?grant_type=client_credentials");
      issued += 1;
      return jsonResponse(200, { access_token: `token-${issued}`, expires_in: 3600 });
    };
    const client = createClient({ fetch: fakeFetch, now: () => now, baseUrl: "https://daraja.test" });
    expect(await client.getAccessToken()).toBe("token-1");
    now = new Date(now.getTime() + (3600 - 61) * 1000);
    expect(await client.getAccessToken()).toBe("token-1");
    now = new Date(now.getTime() + 2000);
    expect(await client.getAccessToken()).toBe("token-2");
  });

  it("refreshes once and retries once when Daraja says the token is invalid", async () => {
    const client = createClient();
    await client.getAccessToken();
    simulator.invalidateTokens();
    const accepted = await client.lipaNaMpesaOnline(stkPush());
    expect(accepted.checkoutRequestId).toMatch(/^ws_CO_/);
    expect(oauthRequests()).toHaveLength(2);
    expect(apiRequests("/mpesa/stkpush/v1/processrequest").map((request) => request.errorCode)).toEqual([
      "404.001.03",
      undefined,
    ]);
  });

  it("retries C2B's own invalid-token code (400.003.01) too", async () => {
    const client = createClient();
    await client.getAccessToken();
    simulator.invalidateTokens();
    await client.c2bRegister({
      shortCode: "600984",
      responseType: "Completed",
      confirmationUrl: `${receiver.url}/hooks/c2b/confirmation`,
      validationUrl: `${receiver.url}/hooks/c2b/validation`,
    });
    expect(apiRequests("/mpesa/c2b/v1/registerurl").map((request) => request.errorCode)).toEqual([
      "400.003.01",
      undefined,
    ]);
  });

  it("retries only once when the fresh token is refused as well", async () => {
    let posts = 0;
    let tokens = 0;
    const fakeFetch: typeof fetch = async (input) => {
      if (String(input).includes("/oauth/")) {
        tokens += 1;
        return jsonResponse(200, { access_token: `t${tokens}`, expires_in: "3599" });
      }
      posts += 1;
      return jsonResponse(404, {
        requestId: "r1",
        errorCode: "404.001.03",
        errorMessage: "Invalid Access Token",
      });
    };
    const client = createClient({ fetch: fakeFetch, baseUrl: "https://daraja.test" });
    const failure = await client.lipaNaMpesaOnline(stkPush()).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DarajaError);
    expect(failure).toMatchObject({ errorCode: "404.001.03", httpStatus: 404, requestId: "r1" });
    expect(posts).toBe(2);
    expect(tokens).toBe(2);
  });

  it("reports refused credentials as a typed error", async () => {
    const client = createClient({ consumerKey: SIMULATOR_REJECTED_CONSUMER_KEY });
    const failure = await client.getAccessToken().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DarajaError);
    expect(failure).toMatchObject({ operation: "oauth", errorCode: "400.008.01", httpStatus: 400 });
  });
});

describe("STK push and query", () => {
  it("signs with a Nairobi timestamp, also just after midnight UTC", async () => {
    const sent: Record<string, unknown>[] = [];
    const fakeFetch: typeof fetch = async (input, init) => {
      if (String(input).includes("/oauth/"))
        return jsonResponse(200, { access_token: "t", expires_in: "3599" });
      sent.push(JSON.parse(String(init?.body)));
      return jsonResponse(200, {
        MerchantRequestID: "1-2-3",
        CheckoutRequestID: "ws_CO_1",
        ResponseCode: "0",
        ResponseDescription: "Success. Request accepted for processing",
        CustomerMessage: "Success. Request accepted for processing",
      });
    };
    const at = (iso: string) =>
      createClient({ fetch: fakeFetch, baseUrl: "https://daraja.test", now: () => new Date(iso) });
    await at("2024-03-01T00:30:00Z").lipaNaMpesaOnline(stkPush());
    await at("2024-03-01T21:30:00Z").lipaNaMpesaOnline(stkPush());
    expect(sent.map((body) => body.Timestamp)).toEqual(["20240301033000", "20240302003000"]);
    expect(sent[1]).toMatchObject({
      BusinessShortCode: 174379,
      Password: computeStkPassword("174379", SANDBOX_STK_PASSKEY, "20240302003000"),
      TransactionType: "CustomerPayBillOnline",
      Amount: "1250",
      PartyA: "254708374149",
      PartyB: "174379",
      PhoneNumber: "254708374149",
      AccountReference: "INV-0042",
    });
  });

  it("is accepted by a simulator whose clock is just past midnight UTC", async () => {
    const now = () => new Date("2024-03-01T21:30:05Z");
    const midnight = await startDarajaSimulator({ now, callbackDelayMs: 5 });
    try {
      const client = createClient({ baseUrl: midnight.url, now });
      const accepted = await client.lipaNaMpesaOnline(stkPush());
      expect(accepted.timestamp).toBe("20240302003005");
    } finally {
      await midnight.close();
    }
  });

  it("delivers the success callback to CallBackURL, in the reference shape", async () => {
    const client = createClient();
    const accepted = await client.lipaNaMpesaOnline(stkPush({ phoneNumber: `+${SANDBOX_TEST_MSISDN}` }));
    expect(accepted).toMatchObject({ phoneNumber: SANDBOX_TEST_MSISDN, amount: 1250 });
    await vi.waitFor(() => expect(receiver.received("/hooks/stk")).toHaveLength(1));
    const event = parseStkCallback(receiver.received("/hooks/stk")[0]?.body);
    expect(event).toMatchObject({
      checkoutRequestId: accepted.checkoutRequestId,
      merchantRequestId: accepted.merchantRequestId,
      resultCode: 0,
      success: true,
      amount: 1250,
      amountMinor: 125000n,
      phone: SANDBOX_TEST_MSISDN,
    });
    expect(event.receipt).toMatch(/^[A-Z]{2}[0-9A-Z]{8}$/);
  });

  it("reports a pending prompt as pending, then the final result as a number", async () => {
    const client = createClient();
    const accepted = await client.lipaNaMpesaOnline(stkPush({ phoneNumber: magicPhoneFor("manual") }));
    const query = {
      businessShortCode: "174379",
      passkey: SANDBOX_STK_PASSKEY,
      checkoutRequestId: accepted.checkoutRequestId,
    };
    expect(await client.lipaNaMpesaQuery(query)).toMatchObject({
      status: "pending",
      errorCode: "500.001.1001",
      errorMessage: "The transaction is being processed",
    });
    expect(simulator.pending().map((prompt) => prompt.checkoutRequestId)).toEqual([
      accepted.checkoutRequestId,
    ]);
    simulator.cancel(accepted.checkoutRequestId);
    expect(await client.lipaNaMpesaQuery(query)).toEqual({
      status: "completed",
      checkoutRequestId: accepted.checkoutRequestId,
      merchantRequestId: accepted.merchantRequestId,
      resultCode: 1032,
      resultDesc: "Request cancelled by user",
      success: false,
    });
    await vi.waitFor(() => expect(receiver.received("/hooks/stk")).toHaveLength(1));
    expect(parseStkCallback(receiver.received("/hooks/stk")[0]?.body)).toMatchObject({ resultCode: 1032 });
  });

  it("refuses invalid requests locally and sends nothing", async () => {
    const client = createClient();
    const production = createClient({ environment: "production", baseUrl: undefined });
    const cases: [DarajaClient, Partial<StkPushOptions>, string][] = [
      [client, { amount: 12.5 }, "amount"],
      [client, { amount: 0 }, "amount"],
      [client, { amount: 250_001 }, "amount"],
      [client, { amount: undefined, amountMinor: 125050n }, "amountMinor"],
      [client, { phoneNumber: "12345" }, "phoneNumber"],
      [client, { phoneNumber: "+44 20 7946 0958" }, "phoneNumber"],
      [client, { accountReference: "INV-000000042" }, "accountReference"],
      [client, { transactionDesc: "Invoice payment" }, "transactionDesc"],
      [client, { callbackUrl: "/hooks/stk" }, "callbackUrl"],
      [client, { callbackUrl: "https://kavi.example/api/webhooks/mpesa/stk" }, "callbackUrl"],
      [client, { callbackUrl: "ftp://kavi.example/hooks" }, "callbackUrl"],
      [production, { callbackUrl: "http://kavi.example/hooks/stk" }, "callbackUrl"],
      [production, { callbackUrl: "https://localhost/hooks/stk" }, "callbackUrl"],
    ];
    for (const [target, overrides, field] of cases) {
      const failure = await target.lipaNaMpesaOnline(stkPush(overrides)).catch((error: unknown) => error);
      expect(failure, field).toBeInstanceOf(DarajaValidationError);
      expect(
        failure instanceof DarajaValidationError && failure.issues.map((issue) => issue.field),
      ).toContain(field);
      expect(isOutcomeUnknown(failure)).toBe(false);
    }
    expect(simulator.requests()).toEqual([]);
  });

  it("accepts whole-shilling minor units", async () => {
    const accepted = await createClient().lipaNaMpesaOnline(
      stkPush({ amount: undefined, amountMinor: 125000n }),
    );
    expect(accepted.amount).toBe(1250);
  });

  it("surfaces Daraja's error envelope as a typed DarajaError", async () => {
    const failure = await createClient()
      .lipaNaMpesaOnline(stkPush({ passkey: "not-the-passkey" }))
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DarajaError);
    expect(failure).toMatchObject({
      operation: "stkPush",
      httpStatus: 500,
      errorCode: "500.001.1001",
      errorMessage: "Wrong credentials",
      mayHaveBeenAccepted: false,
    });
    expect(failure instanceof DarajaError && failure.requestId).toMatch(/^\d+-\d+-\d+$/);
  });

  it("never resends an STK push that timed out: the outcome is unknown", async () => {
    simulator.setFault({ responseDelayMs: 400 });
    const client = createClient({ timeoutMs: 100 });
    await client.getAccessToken();
    const failure = await client.lipaNaMpesaOnline(stkPush()).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DarajaTimeoutError);
    expect(failure).toMatchObject({ operation: "stkPush", mayHaveBeenAccepted: true, timeoutMs: 100 });
    expect(isOutcomeUnknown(failure)).toBe(true);
    expect(apiRequests("/mpesa/stkpush/v1/processrequest")).toHaveLength(1);
    // The push was processed all the same: the callback is how the caller learns the outcome.
    await vi.waitFor(() => expect(receiver.received("/hooks/stk")).toHaveLength(1));
  });

  it("says a timed-out query changed nothing", async () => {
    const client = createClient({ timeoutMs: 100 });
    const accepted = await client.lipaNaMpesaOnline(stkPush());
    simulator.setFault({ responseDelayMs: 400 });
    const failure = await client
      .lipaNaMpesaQuery({
        businessShortCode: 174379,
        passkey: SANDBOX_STK_PASSKEY,
        checkoutRequestId: accepted.checkoutRequestId,
      })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DarajaTimeoutError);
    expect(isOutcomeUnknown(failure)).toBe(false);
  });

  it("says a refused connection was never accepted", async () => {
    const closed = await startDarajaSimulator();
    const url = closed.url;
    await closed.close();
    const failure = await createClient({ baseUrl: url })
      .getAccessToken()
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DarajaNetworkError);
    expect(isOutcomeUnknown(failure)).toBe(false);
  });
});

describe("C2B", () => {
  const hooks = () => ({
    confirmationUrl: `${receiver.url}/hooks/c2b/confirmation`,
    validationUrl: `${receiver.url}/hooks/c2b/validation`,
  });

  it("registers URLs, then a simulated payment is validated and confirmed", async () => {
    const client = createClient();
    const registered = await client.c2bRegister({
      shortCode: "600984",
      responseType: "Completed",
      ...hooks(),
    });
    expect(registered.responseCode).toBe("0");
    expect(registered.originatorConversationId).not.toBe("");
    await client.c2bSimulate({
      shortCode: 600984,
      commandId: "CustomerPayBillOnline",
      amount: 1250,
      phoneNumber: "0708374149",
      billRefNumber: "INV-0042",
    });
    await vi.waitFor(() => expect(receiver.received("/hooks/c2b/confirmation")).toHaveLength(1));
    const validation = receiver.received("/hooks/c2b/validation")[0]?.body;
    expect(validation).toMatchObject({
      TransAmount: "1250.00",
      OrgAccountBalance: "",
      BillRefNumber: "INV-0042",
    });
    const confirmation = parseC2bConfirmation(receiver.received("/hooks/c2b/confirmation")[0]?.body);
    expect(confirmation).toMatchObject({
      transactionType: "Pay Bill",
      amountMinor: 125000n,
      businessShortCode: "600984",
      billRefNumber: "INV-0042",
      msisdnKind: "masked",
    });
    expect(confirmation.transId).toMatch(/^[A-Z]{2}[0-9A-Z]{8}$/);
    expect(confirmation.orgAccountBalanceMinor).toBeGreaterThan(0n);
  });

  it("respects a validation rejection: no confirmation follows", async () => {
    const client = createClient();
    await client.c2bRegister({ shortCode: "600984", responseType: "Completed", ...hooks() });
    receiver.replyWith("/hooks/c2b/validation", {
      httpStatus: 200,
      body: { ResultCode: "C2B00012", ResultDesc: "Rejected" },
    });
    await client.c2bSimulate({
      shortCode: "600984",
      commandId: "CustomerPayBillOnline",
      amount: 10,
      phoneNumber: "0708374149",
      billRefNumber: "NOPE",
    });
    await vi.waitFor(() =>
      expect(
        simulator.deliveries().find((delivery) => delivery.kind === "c2b-validation")?.attempts[0]
          ?.httpStatus,
      ).toBe(200),
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(simulator.deliveries().filter((delivery) => delivery.kind === "c2b-confirmation")).toEqual([]);
    expect(receiver.received("/hooks/c2b/confirmation")).toEqual([]);
  });

  it("answers a second registration with Daraja's 'already registered' error when asked to", async () => {
    const client = createClient();
    simulator.setFault({ rejectC2bReRegistration: true });
    await client.c2bRegister({ shortCode: "600984", responseType: "Cancelled", ...hooks() });
    const failure = await client
      .c2bRegister({ shortCode: "600984", responseType: "Cancelled", ...hooks() })
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({ errorCode: "500.003.1001", errorMessage: "Urls are already registered" });
  });

  it("refuses to simulate against production", async () => {
    const production = createClient({ environment: "production", baseUrl: undefined });
    await expect(
      production.c2bSimulate({
        shortCode: "600984",
        commandId: "CustomerPayBillOnline",
        amount: 1,
        phoneNumber: "0708374149",
      }),
    ).rejects.toBeInstanceOf(DarajaValidationError);
  });
});

describe("B2C and result requests", () => {
  const urls = () => ({
    resultUrl: `${receiver.url}/hooks/b2c/result`,
    queueTimeOutUrl: `${receiver.url}/hooks/b2c/timeout`,
  });

  it("pays out and posts the result to ResultURL", async () => {
    const accepted = await createClient().b2c({
      originatorConversationId: "payout-7f3a",
      commandId: "BusinessPayment",
      amount: 500,
      partyA: "600992",
      phoneNumber: "0708374149",
      remarks: "Refund INV-0042",
      ...urls(),
    });
    expect(accepted.originatorConversationId).toBe("payout-7f3a");
    await vi.waitFor(() => expect(receiver.received("/hooks/b2c/result")).toHaveLength(1));
    const event = parseB2cResult(receiver.received("/hooks/b2c/result")[0]?.body);
    expect(event).toMatchObject({
      success: true,
      conversationId: accepted.conversationId,
      originatorConversationId: "payout-7f3a",
      amountMinor: 50000n,
      receiverPhone: SANDBOX_TEST_MSISDN,
      referenceData: { QueueTimeoutURL: `${receiver.url}/hooks/b2c/timeout` },
    });
  });

  it("posts to QueueTimeOutURL for the queue-timeout variant, and reports failures", async () => {
    const client = createClient();
    const timedOut = await client.b2c({
      commandId: "SalaryPayment",
      amount: 100,
      partyA: "600992",
      phoneNumber: magicPhoneFor("success", "queue-timeout"),
      remarks: "Salary",
      ...urls(),
    });
    await client.b2c({
      commandId: "BusinessPayment",
      amount: 100,
      partyA: "600992",
      phoneNumber: magicPhoneFor("wrong-pin"),
      remarks: "Refund",
      ...urls(),
    });
    await vi.waitFor(() => {
      expect(receiver.received("/hooks/b2c/timeout")).toHaveLength(1);
      expect(receiver.received("/hooks/b2c/result")).toHaveLength(1);
    });
    expect(parseQueueTimeout(receiver.received("/hooks/b2c/timeout")[0]?.body).conversationId).toBe(
      timedOut.conversationId,
    );
    expect(parseB2cResult(receiver.received("/hooks/b2c/result")[0]?.body)).toMatchObject({
      success: false,
      resultCode: "2001",
      receipt: undefined,
    });
  });

  it("sends a SecurityCredential encrypted with RSA PKCS#1 v1.5 for the certificate", () => {
    const credential = computeSecurityCredential("Safaricom999!*!", certificatePem);
    // Node refuses PKCS#1 v1.5 private decryption, so undo the padding by hand: 00 02 <non-zero bytes> 00 <message>.
    const block = privateDecrypt(
      { key: privateKeyPem, padding: constants.RSA_NO_PADDING },
      Buffer.from(credential, "base64"),
    );
    expect([block[0], block[1]]).toEqual([0x00, 0x02]);
    const separator = block.indexOf(0x00, 2);
    expect(separator).toBeGreaterThanOrEqual(10);
    expect(block.subarray(separator + 1).toString("utf8")).toBe("Safaricom999!*!");
    expect(computeSecurityCredential("Safaricom999!*!", certificatePem)).not.toBe(credential);
  });

  it("needs an initiator and valid remarks before sending", async () => {
    const withoutInitiator = createClient({ initiator: undefined });
    await expect(
      withoutInitiator.accountBalance({ partyA: "600992", remarks: "Balance", ...urls() }),
    ).rejects.toMatchObject({ issues: [{ field: "initiator" }] });
    await expect(
      createClient().b2c({
        commandId: "BusinessPayment",
        amount: 100,
        partyA: "600992",
        phoneNumber: "0708374149",
        remarks: "x",
        ...urls(),
      }),
    ).rejects.toBeInstanceOf(DarajaValidationError);
    await expect(
      createClient().b2c({
        commandId: "BusinessPayment",
        amount: 5,
        partyA: "600992",
        phoneNumber: "0708374149",
        remarks: "Refund",
        ...urls(),
      }),
    ).rejects.toMatchObject({
      issues: [{ field: "amount", message: "must be between KES 10 and KES 250,000" }],
    });
    expect(simulator.requests()).toEqual([]);
  });

  it("asks a transaction's status, the balance, and reverses a payment", async () => {
    const client = createClient({
      initiator: { name: "testapi", securityCredential: computeSecurityCredential("x", certificatePem) },
    });
    await client.lipaNaMpesaOnline(stkPush({ amount: 300 }));
    await vi.waitFor(() => expect(receiver.received("/hooks/stk")).toHaveLength(1));
    const receipt = parseStkCallback(receiver.received("/hooks/stk")[0]?.body).receipt ?? "";

    await client.transactionStatus({
      transactionId: receipt,
      partyA: "174379",
      remarks: "Status check",
      resultUrl: `${receiver.url}/hooks/status`,
      queueTimeOutUrl: `${receiver.url}/hooks/status-timeout`,
    });
    await client.accountBalance({
      partyA: "174379",
      remarks: "Balance",
      resultUrl: `${receiver.url}/hooks/balance`,
      queueTimeOutUrl: `${receiver.url}/hooks/t`,
    });
    await vi.waitFor(() => {
      expect(receiver.received("/hooks/status")).toHaveLength(1);
      expect(receiver.received("/hooks/balance")).toHaveLength(1);
    });
    expect(parseTransactionStatusResult(receiver.received("/hooks/status")[0]?.body)).toMatchObject({
      success: true,
      receipt,
      amountMinor: 30000n,
      transactionStatus: "Completed",
    });
    const balance = parseAccountBalanceResult(receiver.received("/hooks/balance")[0]?.body);
    expect(balance.balances[0]).toMatchObject({
      account: "Working Account",
      currency: "KES",
      availableMinor: 100_030_000n,
    });

    await client.reversal({
      transactionId: receipt,
      amount: 300,
      receiverParty: "174379",
      remarks: "Customer overpaid",
      resultUrl: `${receiver.url}/hooks/reversal`,
      queueTimeOutUrl: `${receiver.url}/hooks/t`,
    });
    await vi.waitFor(() => expect(receiver.received("/hooks/reversal")).toHaveLength(1));
    expect(receiver.received("/hooks/reversal")[0]?.body).toMatchObject({ Result: { ResultCode: 0 } });
  });
});
