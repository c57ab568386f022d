import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { addMember } from "@kavi/api/testing";
import { formatDarajaTimestamp } from "@kavi/daraja";
import { magicPhoneFor } from "@kavi/daraja/simulator";
import {
  createDatabase,
  customers,
  invoices,
  memberships,
  mpesaCallbacks,
  mpesaPayments,
  mpesaPayouts,
  suppliers,
} from "@kavi/db";
import { createLogger } from "@kavi/telemetry/logger";
import { and, eq } from "drizzle-orm";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mountMpesaWebhooks } from "./mpesa";
import { createMpesaTestbed, eventually, type MpesaTestbed, SANDBOX_SHORTCODE } from "./mpesa-testbed";

/**
 * Issue 8, "Forged M-Pesa payments": Daraja signs nothing, so anyone who learns a business's callback URL can
 * POST a convincing body. Each test is one such attack against the real webhook, worker and Daraja simulator.
 */

let bed: MpesaTestbed;
let urls: Record<string, string>;

async function callbackUrls(): Promise<Record<string, string>> {
  const view = await bed.owner.caller.mpesa.settings.get({ businessId: bed.businessId });
  if (!view.configured || !view.callbackUrls) throw new Error("M-Pesa is not configured");
  return view.callbackUrls;
}

beforeAll(async () => {
  bed = await createMpesaTestbed();
  await bed.owner.caller.mpesa.settings.registerC2bUrls({ businessId: bed.businessId });
  urls = await callbackUrls();
});
afterAll(async () => {
  await bed?.close();
});

function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

function forgedC2b(input: { transId: string; amount: string; billRef: string; shortcode?: string }) {
  return {
    TransactionType: "Pay Bill",
    TransID: input.transId,
    TransTime: formatDarajaTimestamp(new Date()),
    TransAmount: input.amount,
    BusinessShortCode: input.shortcode ?? SANDBOX_SHORTCODE,
    BillRefNumber: input.billRef,
    InvoiceNumber: "",
    OrgAccountBalance: "",
    ThirdPartyTransID: "",
    MSISDN: "2547 ***** 126",
    FirstName: "MALLORY",
    MiddleName: "",
    LastName: "",
  };
}

function forgedStkPaid(input: { checkoutRequestId: string; receipt: string; amount: number; phone: string }) {
  return {
    Body: {
      stkCallback: {
        MerchantRequestID: "29115-34620561-1",
        CheckoutRequestID: input.checkoutRequestId,
        ResultCode: 0,
        ResultDesc: "The service request is processed successfully.",
        CallbackMetadata: {
          Item: [
            { Name: "Amount", Value: input.amount },
            { Name: "MpesaReceiptNumber", Value: input.receipt },
            { Name: "TransactionDate", Value: Number(formatDarajaTimestamp(new Date())) },
            { Name: "PhoneNumber", Value: Number(input.phone) },
          ],
        },
      },
    },
  };
}

function forgedB2cResult(input: { conversationId: string; originatorConversationId: string; paid: boolean }) {
  return {
    Result: input.paid
      ? {
          ResultType: 0,
          ResultCode: 0,
          ResultDesc: "The service request is processed successfully.",
          OriginatorConversationID: input.originatorConversationId,
          ConversationID: input.conversationId,
          TransactionID: "FAKE0PAID1",
          ResultParameters: {
            ResultParameter: [
              { Key: "TransactionAmount", Value: 100 },
              { Key: "TransactionReceipt", Value: "FAKE0PAID1" },
              { Key: "ReceiverPartyPublicName", Value: "254705912645 - MALLORY" },
            ],
          },
        }
      : {
          ResultType: 0,
          ResultCode: 1,
          ResultDesc: "The balance is insufficient for the transaction.",
          OriginatorConversationID: input.originatorConversationId,
          ConversationID: input.conversationId,
          TransactionID: "FAKE0FAIL1",
        },
  };
}

async function paymentByReceipt(receipt: string, settledOnly = true) {
  return eventually(
    async () => {
      const [row] = await bed.harness.db
        .select()
        .from(mpesaPayments)
        .where(and(eq(mpesaPayments.businessId, bed.businessId), eq(mpesaPayments.receipt, receipt)));
      return row && (!settledOnly || row.status !== "confirming") ? row : undefined;
    },
    15_000,
    `payment ${receipt}`,
  );
}

async function invoiceRow(invoiceId: string) {
  const [row] = await bed.harness.db.select().from(invoices).where(eq(invoices.id, invoiceId));
  return row;
}

describe("forged C2B confirmations", () => {
  it("attack: a C2B confirmation naming shortcode 000000 and KES 999,999 is stored and acknowledged, never applied", async () => {
    const invoice = await bed.createInvoice({ totalMinor: 150_000n, accountNumber: "MALLORY-1" });
    const response = await post(
      urls.c2bConfirmation as string,
      forgedC2b({
        transId: "FORGED0001",
        amount: "999999.00",
        billRef: invoice.invoiceNumber,
        shortcode: "000000",
      }),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ResultCode: 0, ResultDesc: "Success" });
    const payment = await paymentByReceipt("FORGED0001");
    expect(payment).toMatchObject({ status: "unreconciled", invoiceId: null, transactionId: null });
    expect(payment.unreconciledReason).toMatch(/shortcode 000000, which is not this business's 174379/);
    expect(await invoiceRow(invoice.invoiceId)).toMatchObject({ status: "sent", amountPaidMinor: 0n });
    const [customer] = await bed.harness.db
      .select()
      .from(customers)
      .where(eq(customers.id, invoice.customerId));
    expect(customer?.creditBalanceMinor).toBe(0n);
    const inbox = await bed.owner.caller.mpesa.payments.unreconciled({ businessId: bed.businessId });
    expect(inbox.map((row) => row.id)).toContain(payment.id);
  });

  it("attack: a C2B confirmation with the right shortcode is confirming until Transaction Status; M-Pesa never heard of it, so it is not applied", async () => {
    const invoice = await bed.createInvoice({ totalMinor: 80_000n });
    await post(
      urls.c2bConfirmation as string,
      forgedC2b({ transId: "FORGED0002", amount: "800.00", billRef: invoice.invoiceNumber }),
    );
    const confirming = await paymentByReceipt("FORGED0002", false);
    expect(["confirming", "unreconciled"]).toContain(confirming.status);
    const payment = await paymentByReceipt("FORGED0002");
    expect(payment.status).toBe("unreconciled");
    expect(payment.unreconciledReason).toMatch(/M-Pesa could not confirm this payment \(R000001/);
    expect(await invoiceRow(invoice.invoiceId)).toMatchObject({ status: "sent", amountPaidMinor: 0n });
  });

  it("attack: a confirmation that disagrees with Transaction Status (amount) goes to the inbox with the reason", async () => {
    const invoice = await bed.createInvoice({ totalMinor: 50_000n, invoiceNumber: "INV-DISAGREE" });
    bed.simulator.setFault({ confirmation: "disagree" });
    try {
      const { DarajaClient } = await import("@kavi/daraja");
      await new DarajaClient({
        consumerKey: "k",
        consumerSecret: "s",
        environment: "sandbox",
        baseUrl: bed.simulator.url,
      }).c2bSimulate({
        shortCode: SANDBOX_SHORTCODE,
        commandId: "CustomerPayBillOnline",
        phoneNumber: "0712345126",
        amount: 500,
        billRefNumber: "INV-DISAGREE",
      });
      const payment = await eventually(
        async () => {
          const [row] = await bed.harness.db
            .select()
            .from(mpesaPayments)
            .where(eq(mpesaPayments.billRefNumber, "INV-DISAGREE"));
          return row && row.status !== "confirming" ? row : undefined;
        },
        15_000,
        "the disagreeing payment",
      );
      expect(payment.status).toBe("unreconciled");
      expect(payment.unreconciledReason).toMatch(
        /M-Pesa confirms KES\s?501\.00, but the callback said KES\s?500\.00/,
      );
      expect(await invoiceRow(invoice.invoiceId)).toMatchObject({ amountPaidMinor: 0n });
    } finally {
      bed.simulator.setFault({ confirmation: null });
    }
  });

  it("attack: a forged Transaction Status result cannot confirm a payment: only our own query's ConversationID counts", async () => {
    const invoice = await bed.createInvoice({ totalMinor: 20_000n });
    // M-Pesa's own answers are held back, so the forged one arrives while our query is outstanding.
    bed.simulator.setFault({ delivery: "never-delivered" });
    await post(
      urls.c2bConfirmation as string,
      forgedC2b({ transId: "FORGED0003", amount: "200.00", billRef: invoice.invoiceNumber }),
    );
    const confirming = await eventually(
      async () => {
        const row = await paymentByReceipt("FORGED0003", false);
        return row.status === "confirming" && row.confirmationConversationId ? row : undefined;
      },
      15_000,
      "our Transaction Status query to be recorded",
    );
    // The attacker even knows the payment's id (the ResultURL's subject) and answers for M-Pesa first.
    const forgedResult = {
      Result: {
        ResultType: 0,
        ResultCode: 0,
        ResultDesc: "The service request is processed successfully.",
        OriginatorConversationID: "forged-originator",
        ConversationID: "AG_20260101_forged",
        TransactionID: "FORGED0003",
        ResultParameters: {
          ResultParameter: [
            { Key: "DebitPartyName", Value: "254712345126 - MALLORY" },
            { Key: "CreditPartyName", Value: `${SANDBOX_SHORTCODE} - Our Shop` },
            { Key: "TransactionStatus", Value: "Completed" },
            { Key: "Amount", Value: 200 },
            { Key: "ReceiptNo", Value: "FORGED0003" },
          ],
        },
      },
    };
    expect((await post(`${urls.statusResult}/${confirming.id}`, forgedResult)).status).toBe(200);
    await eventually(
      async () => {
        const outcomes = await bed.harness.db
          .select({ outcome: mpesaCallbacks.outcome })
          .from(mpesaCallbacks)
          .where(and(eq(mpesaCallbacks.subjectId, confirming.id), eq(mpesaCallbacks.kind, "status_result")));
        return outcomes.some((row) => row.outcome === "not-our-query");
      },
      15_000,
      "the forged result to be refused",
    );
    // Not applied on the forged word. M-Pesa answers again: the next query's real result (it never heard of the
    // receipt) decides, or the confirmation gives up; either way the payment waits for a person.
    bed.simulator.setFault({ delivery: null });
    const payment = await paymentByReceipt("FORGED0003");
    expect(payment.status).toBe("unreconciled");
    expect(await invoiceRow(invoice.invoiceId)).toMatchObject({ amountPaidMinor: 0n });
  });
});

describe("forged STK callbacks", () => {
  it("attack: a forged 'paid' STK callback for a real pending prompt settles nothing until the STK query says so, and the customer's cancel wins", async () => {
    const invoice = await bed.createInvoice({ totalMinor: 30_000n });
    const { request, checkoutRequestId } = await bed.promptToPay(invoice.invoiceId, "manual");
    const forged = forgedStkPaid({
      checkoutRequestId,
      receipt: "FORGEDSTK1",
      amount: 300,
      phone: request.phone,
    });
    expect((await post(`${urls.stk}/${request.id}`, forged)).status).toBe(200);
    await eventually(
      async () => (await bed.requestRow(request.id)).status === "confirming",
      10_000,
      "received, confirming",
    );
    // The query still says "being processed": nothing is applied.
    expect(await invoiceRow(invoice.invoiceId)).toMatchObject({ amountPaidMinor: 0n });
    bed.simulator.cancel(checkoutRequestId);
    const settled = await eventually(
      async () => {
        const row = await bed.requestRow(request.id);
        return row.status === "cancelled" ? row : undefined;
      },
      15_000,
      "the cancel",
    );
    expect(settled.settledBy).toBe("query");
    const refuted = await paymentByReceipt("FORGEDSTK1");
    expect(refuted.status).toBe("unreconciled");
    expect(refuted.unreconciledReason).toMatch(/M-Pesa's query says: The customer cancelled/);
    expect(await invoiceRow(invoice.invoiceId)).toMatchObject({ status: "sent", amountPaidMinor: 0n });
  });

  it("attack: a forged STK callback sent before the real one cannot take its place: the real receipt is applied", async () => {
    const invoice = await bed.createInvoice({ totalMinor: 40_000n });
    const { request, checkoutRequestId } = await bed.promptToPay(invoice.invoiceId, "manual");
    await post(
      `${urls.stk}/${request.id}`,
      forgedStkPaid({
        checkoutRequestId,
        receipt: "FORGEDSTK2",
        amount: 1,
        phone: request.phone,
      }),
    );
    await eventually(
      async () => (await bed.requestRow(request.id)).status === "confirming",
      10_000,
      "confirming",
    );
    bed.simulator.approve(checkoutRequestId);
    const paid = await eventually(
      async () => {
        const row = await bed.requestRow(request.id);
        return row.status === "paid" ? row : undefined;
      },
      15_000,
      "the real payment",
    );
    expect(paid.receipt).not.toBe("FORGEDSTK2");
    const payments = await bed.harness.db
      .select()
      .from(mpesaPayments)
      .where(eq(mpesaPayments.paymentRequestId, request.id));
    expect(payments).toHaveLength(1);
    expect(payments[0]).toMatchObject({ status: "applied", receipt: paid.receipt, amountMinor: 40_000n });
    expect(await invoiceRow(invoice.invoiceId)).toMatchObject({ status: "paid", amountPaidMinor: 40_000n });
  });

  it("attack: an STK callback whose amount differs from the prompt is recorded in the inbox with the reason, not applied", async () => {
    const invoice = await bed.createInvoice({ totalMinor: 60_000n });
    // Paid, but its callback is never delivered: the only callback is the forger's.
    const { request, checkoutRequestId } = await bed.promptToPay(
      invoice.invoiceId,
      "success",
      "never-delivered",
    );
    await post(
      `${urls.stk}/${request.id}`,
      forgedStkPaid({
        checkoutRequestId,
        receipt: "FORGEDSTK3",
        amount: 6_000,
        phone: request.phone,
      }),
    );
    const payment = await paymentByReceipt("FORGEDSTK3");
    expect(payment.status).toBe("unreconciled");
    expect(payment.unreconciledReason).toMatch(
      /the callback said KES\s?6,000\.00, but the prompt asked for KES\s?600\.00/,
    );
    expect(await invoiceRow(invoice.invoiceId)).toMatchObject({ amountPaidMinor: 0n });
  });
});

describe("forged payout results", () => {
  async function approvedPayout(phone: string) {
    const admin = await addMember(bed.harness, bed.owner, bed.businessId, "admin");
    const [supplier] = await bed.harness.db
      .insert(suppliers)
      .values({ businessId: bed.businessId, name: "Kinangop Farmers Co-op", phone: "+254705912645" })
      .returning({ id: suppliers.id });
    const payout = await admin.caller.mpesa.payouts.request({
      businessId: bed.businessId,
      purpose: "supplier_payment",
      supplierId: String(supplier?.id),
      phone,
      amountMinor: 10_000n,
      remarks: "Sukuma wiki",
    });
    await bed.owner.caller.mpesa.payouts.approve({ businessId: bed.businessId, payoutId: payout.id });
    return eventually(
      async () => {
        const [row] = await bed.harness.db.select().from(mpesaPayouts).where(eq(mpesaPayouts.id, payout.id));
        return row?.conversationId ? row : undefined;
      },
      10_000,
      "the payout to be sent",
    );
  }

  async function payoutStatusAfter(payoutId: string, statuses: string[]) {
    return eventually(
      async () => {
        const [row] = await bed.harness.db.select().from(mpesaPayouts).where(eq(mpesaPayouts.id, payoutId));
        return row && statuses.includes(row.status) ? row : undefined;
      },
      15_000,
      `payout ${statuses.join("/")}`,
    );
  }

  it("attack: a forged B2C 'failed' result does not make a paid payout look safe to send again", async () => {
    // Paid by M-Pesa, but its result callback never arrives: the forger's "failed" comes instead.
    const payout = await approvedPayout(magicPhoneFor("success", "never-delivered"));
    const forged = forgedB2cResult({
      conversationId: String(payout.conversationId),
      originatorConversationId: payout.originatorConversationId,
      paid: false,
    });
    expect((await post(`${urls.b2cResult}/${payout.id}`, forged)).status).toBe(200);
    const settled = await payoutStatusAfter(payout.id, ["paid", "failed"]);
    expect(settled.status).toBe("paid");
    expect(settled.receipt).not.toBe("FAKE0FAIL1");
  });

  it("attack: a forged B2C 'paid' result books nothing when M-Pesa says the payout failed", async () => {
    const payout = await approvedPayout(magicPhoneFor("insufficient-funds", "never-delivered"));
    const forged = forgedB2cResult({
      conversationId: String(payout.conversationId),
      originatorConversationId: payout.originatorConversationId,
      paid: true,
    });
    await post(`${urls.b2cResult}/${payout.id}`, forged);
    const settled = await payoutStatusAfter(payout.id, ["paid", "failed"]);
    expect(settled).toMatchObject({ status: "failed", transactionId: null, receipt: null });
  });
});

describe("the callback endpoint itself", () => {
  it("attack: probing the parser learns nothing: a 400 names no field", async () => {
    const response = await post(urls.stk as string, { Body: { stkCallback: { ResultCode: 0 } } });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: "unreadable_callback" });
    const garbage = await post(urls.c2bConfirmation as string, "{not json");
    expect(await garbage.json()).toEqual({ error: "unreadable_callback" });
  });

  it("attack: an admin who saw the callback token leaves; the token stops working and the C2B URLs are registered again", async () => {
    const admin = await addMember(bed.harness, bed.owner, bed.businessId, "admin");
    const before = await callbackUrls();
    const adminView = await admin.caller.mpesa.settings.get({ businessId: bed.businessId });
    expect(adminView.configured && adminView.callbackUrls).toBeNull();
    await expect(
      admin.caller.mpesa.settings.regenerateCallbackToken({ businessId: bed.businessId }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    const [membership] = await bed.harness.db
      .select({ id: memberships.id })
      .from(memberships)
      .where(and(eq(memberships.userId, admin.id), eq(memberships.businessId, bed.businessId)));
    await bed.owner.caller.team.removeMember({
      businessId: bed.businessId,
      membershipId: String(membership?.id),
    });
    const after = await callbackUrls();
    expect(after.stk).not.toBe(before.stk);
    const stale = await post(
      before.c2bConfirmation as string,
      forgedC2b({ transId: "FORGED0009", amount: "10.00", billRef: "X" }),
    );
    expect(stale.status).toBe(404);
    // The job registers the new URLs with Daraja.
    await eventually(
      async () => {
        const view = await bed.owner.caller.mpesa.settings.get({ businessId: bed.businessId });
        return view.configured && view.c2bRegistrationCurrent;
      },
      15_000,
      "the C2B URLs registered again",
    );
    urls = after;
  });
});

describe("the callback token in logs", () => {
  it("attack: the callback token never reaches the log, even when storing a callback fails", async () => {
    const lines: string[] = [];
    const logger = createLogger(
      { level: "debug", pretty: false, service: "kavi-server", environment: "test" },
      new Writable({
        write(chunk, _encoding, done) {
          lines.push(String(chunk));
          done();
        },
      }),
    );
    // PostgreSQL unreachable: the webhook can neither resolve the token nor store the body.
    const unreachable = createDatabase({ url: "postgres://postgres@127.0.0.1:1/none", max: 1 });
    const app = express();
    mountMpesaWebhooks(app, { ...bed.webhookServices, db: unreachable.db, logger });
    const server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const path = new URL(urls.c2bConfirmation as string).pathname;
      const token = String(path.split("/")[4]);
      expect(token.length).toBeGreaterThan(20);
      const response = await post(
        `${base}${path}`,
        forgedC2b({ transId: "LOGGED0001", amount: "10.00", billRef: "X" }),
      );
      expect(response.status).toBe(500);
      await eventually(async () => lines.length > 0, 5_000, "a log line");
      const output = lines.join("");
      expect(output).toMatch(/M-Pesa callback could not be stored/);
      expect(output).not.toContain(token);
    } finally {
      server.close();
      await unreachable.close();
    }
  });
});

describe("a callback from outside Safaricom's addresses", () => {
  let guarded: MpesaTestbed;
  beforeAll(async () => {
    guarded = await createMpesaTestbed({ mpesa: { callbackAllowedIps: "safaricom" } });
  });
  afterAll(async () => {
    await guarded?.close();
  });

  it("attack: a forged callback from an address off MPESA_CALLBACK_ALLOWED_IPS (with a spoofed X-Forwarded-For) is stored but never applied", async () => {
    const view = await guarded.owner.caller.mpesa.settings.get({ businessId: guarded.businessId });
    if (!view.configured || !view.callbackUrls) throw new Error("not configured");
    const invoice = await guarded.createInvoice({ totalMinor: 10_000n });
    const response = await post(
      view.callbackUrls.c2bConfirmation,
      forgedC2b({ transId: "FORGED0010", amount: "100.00", billRef: invoice.invoiceNumber }),
      { "x-forwarded-for": "196.201.214.200" },
    );
    expect(response.status).toBe(200);
    const payment = await eventually(
      async () => {
        const [row] = await guarded.harness.db
          .select()
          .from(mpesaPayments)
          .where(eq(mpesaPayments.receipt, "FORGED0010"));
        return row;
      },
      10_000,
      "the stored payment",
    );
    expect(payment.status).toBe("unreconciled");
    expect(payment.unreconciledReason).toMatch(/outside Safaricom's list/);
    const [stored] = await guarded.harness.db
      .select()
      .from(mpesaCallbacks)
      .where(eq(mpesaCallbacks.dedupeKey, "FORGED0010"));
    expect(stored?.sourceAllowed).toBe(false);
    const [paid] = await guarded.harness.db.select().from(invoices).where(eq(invoices.id, invoice.invoiceId));
    expect(paid?.amountPaidMinor).toBe(0n);
  });
});

describe("the public invoice page's Pay with M-Pesa", () => {
  let limited: MpesaTestbed;
  beforeAll(async () => {
    limited = await createMpesaTestbed({
      startWorker: false,
      mpesa: {
        limits: {
          stkPerPhonePerMinute: 3,
          stkPerBusinessPerMinute: 3,
          publicPayPerIpPerMinute: 100,
          publicPayPerInvoicePerHour: 2,
          publicPayPerPhonePerHour: 2,
          publicStkPerBusinessPerMinute: 5,
        },
      },
    });
  });
  afterAll(async () => {
    await limited?.close();
  });

  const press = async (token: string, phone: string, ip: string) => {
    const { caller } = await limited.harness.client({ ip });
    return caller.mpesa.public.payInvoice({ token, phone });
  };

  it("attack: one public invoice link cannot send prompts without end, even from many addresses and phones", async () => {
    const invoice = await limited.createInvoice({ totalMinor: 10_000n });
    await press(invoice.publicToken, "0711 000 001", "203.0.113.1");
    await press(invoice.publicToken, "0711 000 002", "203.0.113.2");
    await expect(press(invoice.publicToken, "0711 000 003", "203.0.113.3")).rejects.toMatchObject({
      code: "TOO_MANY_REQUESTS",
      message: expect.stringMatching(/This invoice has sent several M-Pesa prompts/),
    });
  });

  it("attack: public invoice links cannot be used to harass one phone", async () => {
    const victim = "0722 000 009";
    for (const ip of ["198.51.100.1", "198.51.100.2"]) {
      const invoice = await limited.createInvoice({ totalMinor: 10_000n });
      await press(invoice.publicToken, victim, ip);
    }
    const another = await limited.createInvoice({ totalMinor: 10_000n });
    await expect(press(another.publicToken, victim, "198.51.100.3")).rejects.toMatchObject({
      code: "TOO_MANY_REQUESTS",
      message: expect.stringMatching(/This phone has had several M-Pesa prompts from invoice pages/),
    });
  });

  it("attack: public presses spend their own budget and never starve the business's own prompts", async () => {
    // The earlier tests sent four public prompts this minute; one more uses the public budget (5) up.
    const invoices = await Promise.all([1, 2].map(() => limited.createInvoice({ totalMinor: 10_000n })));
    const [first, second] = invoices;
    if (!first || !second) throw new Error("no invoices");
    await press(first.publicToken, "0733 000 001", "192.0.2.1").catch(() => undefined);
    await expect(press(second.publicToken, "0733 000 002", "192.0.2.2")).rejects.toMatchObject({
      code: "TOO_MANY_REQUESTS",
    });
    const own = await limited.owner.caller.mpesa.requests.create({
      businessId: limited.businessId,
      invoiceId: second.invoiceId,
      phone: "0733 000 003",
    });
    expect(own.status).toBe("pending");
  });
});
