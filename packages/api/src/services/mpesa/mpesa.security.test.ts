import { DARAJA_BASE_URLS, FORBIDDEN_CALLBACK_URL_WORDS, parseTransactionStatusResult } from "@kavi/daraja";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { runtimeEnvShape, runtimeProductionProblems } from "../../runtime-env";
import { parseCallbackAllowList, SAFARICOM_CALLBACK_IPS } from "./callback-sources";
import { createMpesaConfig } from "./config";
import { findStatusDisagreement } from "./confirmation";
import { createDarajaClient, generateCallbackToken, type MpesaCredentials } from "./settings";
import { findStkClaimDisagreement } from "./stk";

const credentials = (environment: "sandbox" | "production"): MpesaCredentials => ({
  businessId: "00000000-0000-4000-8000-000000000001",
  accountType: "paybill",
  environment,
  shortcode: "600782",
  stkShortcode: "600782",
  stkTransactionType: "CustomerPayBillOnline",
  passkey: "passkey",
  consumerKey: "key",
  consumerSecret: "secret",
  initiator: null,
  b2cShortcode: null,
  callbackToken: "t".repeat(43),
  c2bValidation: "accept_all",
});

describe("Daraja host", () => {
  it("attack: a DARAJA_BASE_URL setting cannot send a production business's credentials and payments elsewhere", () => {
    const config = createMpesaConfig({
      publicApiUrl: "https://api.kavi.test",
      darajaBaseUrl: "http://attacker.example:8089",
      production: false,
    });
    expect(createDarajaClient(config, credentials("production")).baseUrl).toBe(DARAJA_BASE_URLS.production);
    // The sandbox is what the setting stands in for (the local simulator).
    expect(createDarajaClient(config, credentials("sandbox")).baseUrl).toBe("http://attacker.example:8089");
  });

  it("attack: production refuses a plain-http DARAJA_BASE_URL", () => {
    const env = z.object(runtimeEnvShape).parse({
      NODE_ENV: "production",
      APP_URL: "https://app.kavi.test",
      API_PUBLIC_URL: "https://api.kavi.test",
      DARAJA_BASE_URL: "http://127.0.0.1:8089",
    });
    expect(runtimeProductionProblems(env).join("\n")).toMatch(/DARAJA_BASE_URL must be https/);
    expect(
      runtimeProductionProblems({ ...env, DARAJA_BASE_URL: "https://daraja-proxy.kavi.test" }).join("\n"),
    ).not.toMatch(/DARAJA_BASE_URL/);
  });
});

describe("callback token", () => {
  it("attack (on ourselves): a token Daraja refuses in a URL ('sql', 'cmd', 'exe' …) is never issued", () => {
    for (let index = 0; index < 2_000; index += 1) {
      const token = generateCallbackToken().toLowerCase();
      expect(FORBIDDEN_CALLBACK_URL_WORDS.some((word) => token.includes(word))).toBe(false);
    }
  });
});

describe("MPESA_CALLBACK_ALLOWED_IPS", () => {
  it("attack: a callback from an address off the list is not trusted; the keyword expands to Safaricom's list", () => {
    const list = parseCallbackAllowList("safaricom, 10.0.0.0/8");
    expect(list?.entries).toHaveLength(SAFARICOM_CALLBACK_IPS.length + 1);
    expect(list?.allows("196.201.214.200")).toBe(true);
    expect(list?.allows("::ffff:196.201.212.69")).toBe(true);
    expect(list?.allows("10.1.2.3")).toBe(true);
    expect(list?.allows("196.201.214.201")).toBe(false);
    expect(list?.allows("203.0.113.9")).toBe(false);
    expect(list?.allows(null)).toBe(false);
    expect(parseCallbackAllowList("off")).toBeNull();
    expect(parseCallbackAllowList(undefined)).toBeNull();
    expect(() => parseCallbackAllowList("196.201.214.300")).toThrow(/not an address/);
    expect(() => parseCallbackAllowList("10.0.0.0/40")).toThrow(/prefix/);
  });
});

describe("confirmation agreement", () => {
  const statusResult = (overrides: Record<string, unknown> = {}, resultCode: number | string = 0) =>
    parseTransactionStatusResult({
      Result: {
        ResultType: 0,
        ResultCode: resultCode,
        ResultDesc: "The service request is processed successfully.",
        OriginatorConversationID: "1236-7134259-1",
        ConversationID: "AG_20260101_0000",
        TransactionID: "SG20000000",
        ResultParameters: {
          ResultParameter: Object.entries({
            DebitPartyName: "254708374149 - John Doe",
            CreditPartyName: "600782 - Our Shop",
            TransactionStatus: "Completed",
            Amount: 100,
            ReceiptNo: "SG20000000",
            ...overrides,
          }).map(([Key, Value]) => ({ Key, Value })),
        },
      },
    });
  const claim = {
    receipt: "SG20000000",
    amountMinor: 10_000n,
    phone: "254708374149",
    shortcodes: { shortcode: "600782", storeNumber: null },
  };

  it("attack: a Transaction Status answer must agree on receipt, amount, paid shortcode and payer", () => {
    expect(findStatusDisagreement(claim, statusResult())).toBeNull();
    expect(findStatusDisagreement(claim, statusResult({ Amount: 99 }))).toMatch(/confirms KES\s?99\.00/);
    expect(findStatusDisagreement(claim, statusResult({ ReceiptNo: "SG20000001" }))).toMatch(/receipt/);
    expect(findStatusDisagreement(claim, statusResult({ CreditPartyName: "000000 - Other" }))).toMatch(
      /000000 was paid/,
    );
    expect(findStatusDisagreement(claim, statusResult({ DebitPartyName: "254700000001 - X" }))).toMatch(
      /another phone/,
    );
    expect(findStatusDisagreement(claim, statusResult({ TransactionStatus: "Reversed" }))).toMatch(
      /not completed/,
    );
    expect(findStatusDisagreement(claim, statusResult({}, "R000001"))).toMatch(/could not confirm/);
    // A masked payer number cannot be compared and is not a disagreement.
    expect(findStatusDisagreement(claim, statusResult({ DebitPartyName: "2547****149 - J" }))).toBeNull();
  });

  it("attack: an STK callback that changes the amount or the phone disagrees with the prompt", () => {
    const request = { amountMinor: 60_000n, phone: "254700000000", currency: "KES" };
    expect(findStkClaimDisagreement(request, { amountMinor: 60_000n, phone: "254700000000" })).toBeNull();
    expect(findStkClaimDisagreement(request, { amountMinor: 600_000n, phone: null })).toMatch(/KES/);
    expect(findStkClaimDisagreement(request, { amountMinor: 60_000n, phone: "254711111111" })).toMatch(
      /phone/,
    );
  });
});
