import { addMember } from "@kavi/api/testing";
import { DarajaClient } from "@kavi/daraja";
import { magicPhoneFor } from "@kavi/daraja/simulator";
import {
  activityLog,
  customers,
  invoices,
  mpesaPayments,
  mpesaPayouts,
  suppliers,
  transactions,
  webhookEvents,
} from "@kavi/db";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMpesaTestbed, eventually, type MpesaTestbed, SANDBOX_SHORTCODE } from "./mpesa-testbed";

let bed: MpesaTestbed;
let daraja: DarajaClient;

beforeAll(async () => {
  bed = await createMpesaTestbed();
  await bed.owner.caller.mpesa.settings.registerC2bUrls({ businessId: bed.businessId });
  daraja = new DarajaClient({
    consumerKey: "k",
    consumerSecret: "s",
    environment: "sandbox",
    baseUrl: bed.simulator.url,
  });
});
afterAll(async () => {
  await bed?.close();
});

async function customerPays(billRefNumber: string, amount: number) {
  const accepted = await daraja.c2bSimulate({
    shortCode: SANDBOX_SHORTCODE,
    commandId: "CustomerPayBillOnline",
    phoneNumber: "0712345126",
    amount,
    billRefNumber,
  });
  return accepted;
}

async function paymentWithRef(billRefNumber: string) {
  return eventually(
    async () => {
      const [row] = await bed.harness.db
        .select()
        .from(mpesaPayments)
        .where(
          and(eq(mpesaPayments.businessId, bed.businessId), eq(mpesaPayments.billRefNumber, billRefNumber)),
        );
      // Received, then confirmed with Transaction Status before it is applied.
      return row && row.status !== "confirming" ? row : undefined;
    },
    10_000,
    `a payment for ${billRefNumber}`,
  );
}

async function supplier() {
  const [row] = await bed.harness.db
    .insert(suppliers)
    .values({ businessId: bed.businessId, name: "Kinangop Farmers Co-op", phone: "+254705912645" })
    .returning({ id: suppliers.id });
  return String(row?.id);
}

describe("Paybill (C2B)", () => {
  it("registers the business's validation and confirmation URLs with Daraja", async () => {
    const view = await bed.owner.caller.mpesa.settings.get({ businessId: bed.businessId });
    expect(view.configured && view.c2bRegistrationCurrent).toBe(true);
  });

  it("a payment naming an invoice is matched to it (typed in lower case with spaces)", async () => {
    const invoice = await bed.createInvoice({ totalMinor: 150_000n, invoiceNumber: "INV-2026-0042" });
    await customerPays(" inv-2026-0042 ", 1_500);
    const payment = await paymentWithRef("inv-2026-0042");
    expect(payment).toMatchObject({
      source: "c2b",
      amountMinor: 150_000n,
      invoiceId: invoice.invoiceId,
      status: "applied",
      matchedBy: "invoice_reference",
    });
    expect(payment.receipt).toMatch(/^[A-Z0-9]{10}$/);
    expect(payment.msisdn).toContain("***");
    const [paid] = await bed.harness.db.select().from(invoices).where(eq(invoices.id, invoice.invoiceId));
    expect(paid).toMatchObject({ status: "paid", amountPaidMinor: 150_000n });
    const [income] = await bed.harness.db
      .select()
      .from(transactions)
      .where(eq(transactions.externalId, String(payment.receipt)));
    expect(income).toMatchObject({ type: "income", amountMinor: 150_000n, invoiceId: invoice.invoiceId });
  });

  it("a payment naming a customer account pays their oldest open invoice, the rest becomes credit", async () => {
    const older = await bed.createInvoice({ totalMinor: 30_000n, accountNumber: "C0099" });
    await customerPays("c 0099", 500);
    const payment = await paymentWithRef("c 0099");
    expect(payment).toMatchObject({
      status: "applied",
      matchedBy: "account_number",
      customerId: older.customerId,
    });
    const [paid] = await bed.harness.db.select().from(invoices).where(eq(invoices.id, older.invoiceId));
    expect(paid).toMatchObject({ status: "paid", amountPaidMinor: 30_000n });
    const [customer] = await bed.harness.db
      .select()
      .from(customers)
      .where(eq(customers.id, older.customerId));
    expect(customer?.creditBalanceMinor).toBe(20_000n);
  });

  it("a payment matching nothing lands in the Unreconciled inbox, where a person books it", async () => {
    await customerPays("WHO-KNOWS", 700);
    const payment = await paymentWithRef("WHO-KNOWS");
    expect(payment.status).toBe("unreconciled");
    expect(payment.unreconciledReason).toMatch(/No open invoice or customer account matches "WHO-KNOWS"/);
    const inbox = await bed.owner.caller.mpesa.payments.unreconciled({ businessId: bed.businessId });
    expect(inbox.map((row) => row.id)).toContain(payment.id);
    // A person matches one to an invoice from the inbox.
    await customerPays("NOBODY-KNOWS", 300);
    const stray = await paymentWithRef("NOBODY-KNOWS");
    const target = await bed.createInvoice({ totalMinor: 30_000n });
    const matched = await bed.owner.caller.mpesa.payments.matchToInvoice({
      businessId: bed.businessId,
      mpesaPaymentId: stray.id,
      invoiceId: target.invoiceId,
    });
    expect(matched).toMatchObject({
      status: "applied",
      matchedBy: "manual_invoice",
      invoiceId: target.invoiceId,
    });
    const [settledInvoice] = await bed.harness.db
      .select()
      .from(invoices)
      .where(eq(invoices.id, target.invoiceId));
    expect(settledInvoice).toMatchObject({ status: "paid", amountPaidMinor: 30_000n });
    expect(
      (
        await bed.owner.caller.mpesa.payments.list({
          businessId: bed.businessId,
          status: "unreconciled",
          source: "c2b",
        })
      ).items.map((item) => item.id),
    ).toContain(payment.id);
    const booked = await bed.owner.caller.mpesa.payments.bookAsIncome({
      businessId: bed.businessId,
      mpesaPaymentId: payment.id,
      description: "Walk-in sale",
    });
    expect(booked?.status).toBe("booked");
    const [income] = await bed.harness.db
      .select()
      .from(transactions)
      .where(eq(transactions.id, String(booked?.transactionId)));
    expect(income).toMatchObject({
      type: "income",
      amountMinor: 70_000n,
      externalId: payment.receipt,
      paymentMethod: "mpesa",
      source: "mpesa",
    });
    await expect(
      bed.owner.caller.mpesa.payments.bookAsIncome({
        businessId: bed.businessId,
        mpesaPaymentId: payment.id,
      }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    const listed = await bed.owner.caller.mpesa.payments.list({
      businessId: bed.businessId,
      source: "c2b",
      search: payment.receipt,
    });
    expect(listed.items).toEqual([expect.objectContaining({ id: payment.id, status: "paid" })]);
    const csv = await bed.owner.caller.mpesa.payments.exportCsv({
      businessId: bed.businessId,
      source: "c2b",
    });
    expect(csv.csv.split("\r\n")[0]).toBe(
      "Date,Source,Status,Amount,Currency,Receipt,Phone,Reference,Invoice,Payer,Note",
    );
    expect(csv.csv).toContain(`Paybill/Till,paid,700.00,KES,${payment.receipt}`);
  });

  it("validation by rule: only known references are accepted when the business says so", async () => {
    const settings = await bed.owner.caller.mpesa.settings.get({ businessId: bed.businessId });
    if (!settings.configured) throw new Error("not configured");
    await bed.owner.caller.mpesa.settings.save({
      businessId: bed.businessId,
      accountType: "paybill",
      shortcode: settings.shortcode,
      environment: "sandbox",
      c2bValidation: "known_references",
      initiatorName: settings.initiatorName,
      b2cShortcode: settings.b2cShortcode,
    });
    await customerPays("NOBODY-42", 100);
    const validations = await eventually(
      async () => {
        const rows = bed.simulator.deliveries().filter((delivery) => delivery.kind === "c2b-validation");
        const last = rows.at(-1);
        // The delivery is listed as soon as it is sent; wait for its answer too.
        return last && JSON.stringify(last.body).includes("NOBODY-42") && last.attempts.at(-1)?.httpStatus
          ? last
          : undefined;
      },
      5_000,
      "the validation request and its answer",
    );
    expect(validations.attempts.at(-1)?.httpStatus).toBe(200);
    // Rejected: no confirmation, no payment.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const [payment] = await bed.harness.db
      .select()
      .from(mpesaPayments)
      .where(eq(mpesaPayments.billRefNumber, "NOBODY-42"));
    expect(payment).toBeUndefined();
    await bed.owner.caller.mpesa.settings.save({
      businessId: bed.businessId,
      accountType: "paybill",
      shortcode: settings.shortcode,
      environment: "sandbox",
      c2bValidation: "accept_all",
      initiatorName: settings.initiatorName,
      b2cShortcode: settings.b2cShortcode,
    });
  });
});

describe("Payouts (B2C) with maker-checker", () => {
  it("an admin asks, the admin cannot approve, an owner approves, Daraja pays, the result is recorded", async () => {
    const admin = await addMember(bed.harness, bed.owner, bed.businessId, "admin");
    const supplierId = await supplier();
    const payout = await admin.caller.mpesa.payouts.request({
      businessId: bed.businessId,
      purpose: "supplier_payment",
      supplierId,
      phone: "0705 912 645",
      amountMinor: 250_000n,
      remarks: "Sukuma wiki, 3 crates",
    });
    expect(payout.status).toBe("awaiting_approval");
    await expect(
      admin.caller.mpesa.payouts.approve({ businessId: bed.businessId, payoutId: payout.id }),
    ).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    const approved = await bed.owner.caller.mpesa.payouts.approve({
      businessId: bed.businessId,
      payoutId: payout.id,
    });
    expect(approved.status).toBe("approved");
    const paid = await eventually(
      async () => {
        const row = await bed.owner.caller.mpesa.payouts.get({
          businessId: bed.businessId,
          payoutId: payout.id,
        });
        return row.status === "paid" ? row : undefined;
      },
      10_000,
      "the payout result",
    );
    expect(paid.receipt).toMatch(/^[A-Z0-9]{10}$/);
    expect(paid.conversationId).toMatch(/^AG_/);
    const [expense] = await bed.harness.db
      .select()
      .from(transactions)
      .where(eq(transactions.id, String(paid.transactionId)));
    expect(expense).toMatchObject({
      type: "expense",
      amountMinor: 250_000n,
      externalId: paid.receipt,
      supplierId,
      source: "payout",
      paymentMethod: "mpesa",
    });
    const actions = await bed.harness.db
      .select({ action: activityLog.action })
      .from(activityLog)
      .where(eq(activityLog.entityId, payout.id));
    expect(actions.map((row) => row.action).sort()).toEqual(
      [
        "mpesa.payout_approved",
        "mpesa.payout_result_received",
        "mpesa.payout_paid",
        "mpesa.payout_requested",
      ].sort(),
    );
  });

  it("the owner who asked cannot approve their own payout", async () => {
    const supplierId = await supplier();
    const payout = await bed.owner.caller.mpesa.payouts.request({
      businessId: bed.businessId,
      purpose: "supplier_payment",
      supplierId,
      phone: "0705 912 645",
      amountMinor: 10_000n,
      remarks: "Transport",
    });
    await expect(
      bed.owner.caller.mpesa.payouts.approve({ businessId: bed.businessId, payoutId: payout.id }),
    ).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringMatching(/another owner/),
    });
  });

  it("staff cannot ask for payouts; a rejected payout is never sent", async () => {
    const staff = await addMember(bed.harness, bed.owner, bed.businessId, "staff", ["payments"]);
    const supplierId = await supplier();
    await expect(
      staff.caller.mpesa.payouts.request({
        businessId: bed.businessId,
        purpose: "supplier_payment",
        supplierId,
        phone: "0705 912 645",
        amountMinor: 10_000n,
        remarks: "Transport",
      }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    const admin = await addMember(bed.harness, bed.owner, bed.businessId, "admin");
    const payout = await admin.caller.mpesa.payouts.request({
      businessId: bed.businessId,
      purpose: "supplier_payment",
      supplierId,
      phone: "0705 912 645",
      amountMinor: 10_000n,
      remarks: "Transport",
    });
    const rejected = await bed.owner.caller.mpesa.payouts.reject({
      businessId: bed.businessId,
      payoutId: payout.id,
      reason: "Paid in cash already",
    });
    expect(rejected.status).toBe("rejected");
    await expect(
      bed.owner.caller.mpesa.payouts.approve({ businessId: bed.businessId, payoutId: payout.id }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
    });
  });

  it("a failed payout shows the reason", async () => {
    const admin = await addMember(bed.harness, bed.owner, bed.businessId, "admin");
    const supplierId = await supplier();
    const payout = await admin.caller.mpesa.payouts.request({
      businessId: bed.businessId,
      purpose: "supplier_payment",
      supplierId,
      phone: magicPhoneFor("insufficient-funds"),
      amountMinor: 10_000n,
      remarks: "Transport",
    });
    await bed.owner.caller.mpesa.payouts.approve({ businessId: bed.businessId, payoutId: payout.id });
    const failed = await eventually(
      async () => {
        const [row] = await bed.harness.db.select().from(mpesaPayouts).where(eq(mpesaPayouts.id, payout.id));
        return row?.status === "failed" ? row : undefined;
      },
      10_000,
      "the failed payout",
    );
    expect(failed.failureReason).toBe("The business M-Pesa account has insufficient funds for this payout.");
  });

  it("a queue timeout makes the payout unknown, never re-sent; the transaction status settles it", async () => {
    const admin = await addMember(bed.harness, bed.owner, bed.businessId, "admin");
    const supplierId = await supplier();
    const payout = await admin.caller.mpesa.payouts.request({
      businessId: bed.businessId,
      purpose: "supplier_payment",
      supplierId,
      phone: magicPhoneFor("success", "queue-timeout"),
      amountMinor: 10_000n,
      remarks: "Transport",
    });
    await bed.owner.caller.mpesa.payouts.approve({ businessId: bed.businessId, payoutId: payout.id });
    const unknown = await eventually(
      async () => {
        const [row] = await bed.harness.db.select().from(mpesaPayouts).where(eq(mpesaPayouts.id, payout.id));
        return row?.status === "unknown" ? row : undefined;
      },
      10_000,
      "the timed-out payout",
    );
    expect(unknown.failureReason).toMatch(/timed out/);
    const paid = await eventually(
      async () => {
        const [row] = await bed.harness.db.select().from(mpesaPayouts).where(eq(mpesaPayouts.id, payout.id));
        return row?.status === "paid" ? row : undefined;
      },
      10_000,
      "the status query to settle the payout",
    );
    expect(paid.receipt).toMatch(/^[A-Z0-9]{10}$/);
    expect(paid.statusQueries).toBeGreaterThanOrEqual(1);
    const sends = bed.simulator.requests().filter((request) => request.path.includes("/b2c/"));
    // One payout, one send: the timeout never triggers a second B2C request.
    expect(sends.filter((request) => request.httpStatus === 200).length).toBe(
      (
        await bed.harness.db.select().from(mpesaPayouts).where(eq(mpesaPayouts.businessId, bed.businessId))
      ).filter((row) => row.sentAt !== null).length,
    );
  });
});

describe("webhook events from M-Pesa", () => {
  async function eventsOf(type: string) {
    const rows = await bed.harness.db
      .select({ body: webhookEvents.body })
      .from(webhookEvents)
      .where(and(eq(webhookEvents.businessId, bed.businessId), eq(webhookEvents.type, type)));
    return rows.map((row) => JSON.parse(row.body) as { type: string; data: Record<string, unknown> });
  }

  it("a paid invoice, a payment, an unmatched payment and a payout each write their event in their own transaction", async () => {
    await bed.owner.caller.webhooks.endpoints.create({
      businessId: bed.businessId,
      url: "https://hooks.example.co.ke/kavi",
      events: ["invoice.paid", "payment.received", "payment.unreconciled", "payout.completed"],
    });
    const invoice = await bed.createInvoice({ totalMinor: 80_000n, invoiceNumber: "INV-2026-0777" });
    await customerPays("INV-2026-0777", 800);
    const applied = await paymentWithRef("INV-2026-0777");
    const received = await eventsOf("payment.received");
    expect(received.find((event) => event.data.receipt === applied.receipt)?.data).toMatchObject({
      channel: "mpesa",
      amount: { amount: "800.00", currency: "KES" },
      invoiceId: invoice.invoiceId,
      applied: true,
    });
    expect((await eventsOf("invoice.paid")).map((event) => event.data.invoiceId)).toContain(
      invoice.invoiceId,
    );

    await customerPays("NO-SUCH-THING", 250);
    const stray = await paymentWithRef("NO-SUCH-THING");
    const unreconciled = await eventsOf("payment.unreconciled");
    expect(unreconciled.find((event) => event.data.receipt === stray.receipt)?.data).toMatchObject({
      amount: { amount: "250.00", currency: "KES" },
    });

    const admin = await addMember(bed.harness, bed.owner, bed.businessId, "admin");
    const payout = await admin.caller.mpesa.payouts.request({
      businessId: bed.businessId,
      purpose: "supplier_payment",
      supplierId: await supplier(),
      phone: "0705 912 645",
      amountMinor: 120_000n,
      remarks: "Maize flour, 10 bales",
    });
    await bed.owner.caller.mpesa.payouts.approve({ businessId: bed.businessId, payoutId: payout.id });
    const completed = await eventually(
      async () => (await eventsOf("payout.completed")).find((event) => event.data.payoutId === payout.id),
      10_000,
      "the payout.completed event",
    );
    expect(completed.data).toMatchObject({
      amount: { amount: "1200.00", currency: "KES" },
      purpose: "supplier_payment",
    });
  });
});
