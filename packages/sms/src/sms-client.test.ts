import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createSmsClient, SmsError, type SmsSettings } from "./client";
import { type SmsSimulator, startSmsSimulator } from "./simulator";
import { countSmsParts, normalizeKenyanMobile, parseSmsCost } from "./text";

describe("text helpers", () => {
  it("counts GSM-7 and UCS-2 parts", () => {
    expect(countSmsParts("a".repeat(160))).toEqual({ encoding: "GSM-7", units: 160, parts: 1 });
    expect(countSmsParts("a".repeat(161)).parts).toBe(2);
    expect(countSmsParts("{".repeat(80))).toMatchObject({ units: 160, parts: 1 });
    expect(countSmsParts(`Asante 🙏${"a".repeat(70)}`)).toMatchObject({ encoding: "UCS-2", parts: 2 });
  });

  it("normalizes Kenyan mobile numbers and refuses others", () => {
    expect(normalizeKenyanMobile("0712 345 678")).toBe("+254712345678");
    expect(normalizeKenyanMobile("254112345678")).toBe("+254112345678");
    expect(normalizeKenyanMobile("+254-712-345-678")).toBe("+254712345678");
    expect(normalizeKenyanMobile("0212345678")).toBeNull();
    expect(normalizeKenyanMobile("+1 415 555 0100")).toBeNull();
  });

  it("parses AT's cost strings into minor units without floats", () => {
    expect(parseSmsCost("KES 0.8000")).toEqual({ currency: "KES", minor: 80n });
    expect(parseSmsCost("KES 12.3450")).toEqual({ currency: "KES", minor: 1235n });
    expect(parseSmsCost("UGX 30")).toEqual({ currency: "UGX", minor: 3000n });
    expect(parseSmsCost("0")).toBeNull();
  });
});

describe("Africa's Talking client against the simulator", () => {
  let simulator: SmsSimulator;
  let settings: SmsSettings;

  beforeAll(async () => {
    simulator = await startSmsSimulator({ apiKey: "test-key", deliveryDelayMs: 0 });
    settings = {
      apiKey: "test-key",
      username: "sandbox",
      baseUrl: simulator.baseUrl,
      defaultSenderId: "KAVI",
      timeoutSeconds: 1,
    };
  });
  afterAll(() => simulator.close());
  beforeEach(() => simulator.reset());

  it("sends one message and reads the recipient's id and cost", async () => {
    const recipient = await createSmsClient(settings).send({ to: "+254712345678", message: "Habari" });
    expect(recipient).toMatchObject({ statusCode: 101, number: "+254712345678", cost: "KES 0.8000" });
    expect(recipient.messageId).toMatch(/^ATXid_/);
    expect(simulator.messages()).toMatchObject([{ to: "+254712345678", from: "KAVI", text: "Habari" }]);
  });

  it("charges per part", async () => {
    const recipient = await createSmsClient(settings).send({ to: "+254712345678", message: "x".repeat(200) });
    expect(recipient.cost).toBe("KES 1.6000");
  });

  it("a wrong key is a permanent failure", async () => {
    const error = await createSmsClient({ ...settings, apiKey: "wrong" })
      .send({ to: "+254712345678", message: "Hi" })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SmsError);
    expect(error).toMatchObject({ status: 401, retryable: false });
  });

  it("a 5xx is retryable, and so is a reply that is not JSON", async () => {
    simulator.injectFaults([{ kind: "error", status: 503 }, { kind: "garbage" }]);
    const client = createSmsClient(settings);
    await expect(client.send({ to: "+254712345678", message: "Hi" })).rejects.toMatchObject({
      status: 503,
      retryable: true,
    });
    await expect(client.send({ to: "+254712345678", message: "Hi" })).rejects.toMatchObject({
      retryable: true,
    });
    expect(simulator.messages()).toHaveLength(0);
  });

  it("a slow simulator times out as retryable", async () => {
    simulator.injectFaults([{ kind: "slow", delayMs: 1_500 }]);
    await expect(
      createSmsClient(settings).send({ to: "+254712345678", message: "Hi" }),
    ).rejects.toMatchObject({ retryable: true, status: null });
  });

  it("per-recipient refusals come back as the recipient's status code", async () => {
    simulator.injectFaults([{ kind: "recipient", statusCode: 405 }]);
    const recipient = await createSmsClient(settings).send({ to: "+254712345678", message: "Hi" });
    expect(recipient).toMatchObject({ statusCode: 405, cost: "0", messageId: "None" });
  });

  it("an invalid number is refused, not retried", async () => {
    await expect(createSmsClient(settings).send({ to: "+25412", message: "Hi" })).rejects.toMatchObject({
      retryable: false,
    });
  });

  it("posts form-encoded delivery reports, failed ones with their reason", async () => {
    const reports: URLSearchParams[] = [];
    const receiver = createServer((request, response) => {
      let body = "";
      request.on("data", (chunk: Buffer) => {
        body += chunk.toString();
      });
      request.on("end", () => {
        reports.push(new URLSearchParams(body));
        response.end("ok");
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    simulator.setDeliveryReportUrl(`http://127.0.0.1:${(receiver.address() as AddressInfo).port}/dlr`);
    try {
      simulator.injectFaults([{ kind: "undelivered", failureReason: "AbsentSubscriber" }]);
      const recipient = await createSmsClient(settings).send({ to: "+254712345678", message: "Hi" });
      await expect.poll(() => reports.length).toBe(1);
      expect(Object.fromEntries(reports[0] ?? [])).toMatchObject({
        id: recipient.messageId,
        status: "Failed",
        failureReason: "AbsentSubscriber",
        phoneNumber: "+254712345678",
      });
    } finally {
      simulator.setDeliveryReportUrl(null);
      await new Promise((resolve) => receiver.close(resolve));
    }
  });
});
