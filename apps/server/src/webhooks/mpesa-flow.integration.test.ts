import { magicPhoneFor } from "@kavi/daraja/simulator";
import {
  customers,
  emails,
  invoicePayments,
  invoices,
  mpesaCallbacks,
  mpesaPayments,
  transactions,
} from "@kavi/db";
import { DEFAULT_NOTIFICATION_PREFERENCES } from "@kavi/domain";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMpesaTestbed, eventually, type MpesaTestbed } from "./mpesa-testbed";

let bed: MpesaTestbed;

beforeAll(async () => {
  bed = await createMpesaTestbed();
});
afterAll(async () => {
  await bed?.close();
});

async function settled(id: string, timeoutMs = 10_000) {
  return eventually(
    async () => {
      const row = await bed.requestRow(id);
      return row && !["requested", "pending", "unknown", "confirming"].includes(row.status) ? row : undefined;
    },
    timeoutMs,
    `payment request ${id} to settle`,
  );
}

/** The invoice as the books see it, with its payments and the income booked for it. */
async function booksOf(invoiceId: string) {
  const [invoice] = await bed.harness.db.select().from(invoices).where(eq(invoices.id, invoiceId));
  const payments = await bed.harness.db
    .select()
    .from(invoicePayments)
    .where(eq(invoicePayments.invoiceId, invoiceId));
  const income = await bed.harness.db
    .select()
    .from(transactions)
    .where(eq(transactions.invoiceId, invoiceId));
  return { invoice, payments, income };
}

async function paymentsOf(requestId: string) {
  return bed.harness.db.select().from(mpesaPayments).where(eq(mpesaPayments.paymentRequestId, requestId));
}

describe("STK push for an invoice", () => {
  it("a paid prompt records the receipt once", async () => {
    const invoice = await bed.createInvoice({ totalMinor: 125_000n });
    const request = await bed.owner.caller.mpesa.requests.create({
      businessId: bed.businessId,
      invoiceId: invoice.invoiceId,
      phone: "0700 000 000",
    });
    expect(request.amountMinor).toBe(125_000n);
    expect(request.phone).toBe("254700000000");
    const row = await settled(request.id);
    expect(row).toMatchObject({ status: "paid", settledBy: "callback", paidAmountMinor: 125_000n });
    expect(row.receipt).toMatch(/^[A-Z0-9]{10}$/);
    const payments = await paymentsOf(request.id);
    expect(payments).toHaveLength(1);
    expect(payments[0]).toMatchObject({
      receipt: row.receipt,
      status: "applied",
      matchedBy: "payment_request",
    });
    const books = await booksOf(invoice.invoiceId);
    expect(books.invoice).toMatchObject({ status: "paid", amountPaidMinor: 125_000n });
    expect(books.payments).toEqual([
      expect.objectContaining({
        method: "mpesa",
        reference: row.receipt,
        source: "mpesa_stk",
        amountMinor: 125_000n,
      }),
    ]);
    expect(books.income).toEqual([
      expect.objectContaining({
        type: "income",
        amountMinor: 125_000n,
        externalId: row.receipt,
        paymentMethod: "mpesa",
      }),
    ]);
    // The live-status poll sees the same.
    const polled = await bed.owner.caller.mpesa.requests.get({
      businessId: bed.businessId,
      paymentRequestId: request.id,
    });
    expect(polled.status).toBe("paid");
  });

  it("a paid invoice is emailed to the owner while “An invoice is paid” is on, and not once it is off", async () => {
    const paidEmailsFor = async (invoiceId: string) => {
      const [invoice] = await bed.harness.db.select().from(invoices).where(eq(invoices.id, invoiceId));
      const rows = await bed.harness.db
        .select()
        .from(emails)
        .where(and(eq(emails.template, "invoice.paid"), eq(emails.toAddress, bed.owner.email)));
      return rows.filter((row) => row.subject.includes(invoice?.invoiceNumber ?? "?"));
    };
    const payInFull = async () => {
      const invoice = await bed.createInvoice({ totalMinor: 40_000n });
      const request = await bed.owner.caller.mpesa.requests.create({
        businessId: bed.businessId,
        invoiceId: invoice.invoiceId,
        phone: "0700 000 000",
      });
      expect(await settled(request.id)).toMatchObject({ status: "paid" });
      return invoice.invoiceId;
    };

    const wanted = await payInFull();
    const sent = await paidEmailsFor(wanted);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.subject).toContain("400.00");
    expect(sent[0]?.textBody).toContain("Profile → Notifications");

    await bed.owner.caller.profile.update({
      notificationPreferences: {
        ...DEFAULT_NOTIFICATION_PREFERENCES,
        email: { ...DEFAULT_NOTIFICATION_PREFERENCES.email, invoicePaid: false },
      },
    });
    try {
      expect(await paidEmailsFor(await payInFull())).toHaveLength(0);
    } finally {
      await bed.owner.caller.profile.update({ notificationPreferences: DEFAULT_NOTIFICATION_PREFERENCES });
    }
  });

  it("a partial payment, then the rest: the invoice is paid once both are in", async () => {
    const invoice = await bed.createInvoice({ totalMinor: 100_000n });
    const first = await bed.owner.caller.mpesa.requests.create({
      businessId: bed.businessId,
      invoiceId: invoice.invoiceId,
      phone: magicPhoneFor("success"),
      amountMinor: 40_000n,
    });
    await settled(first.id);
    expect((await booksOf(invoice.invoiceId)).invoice).toMatchObject({
      status: "partially_paid",
      amountPaidMinor: 40_000n,
    });
    // The rest: the request defaults to what is still owed.
    const rest = await bed.owner.caller.mpesa.requests.create({
      businessId: bed.businessId,
      invoiceId: invoice.invoiceId,
      phone: "0700 000 000",
    });
    expect(rest.amountMinor).toBe(60_000n);
    await settled(rest.id);
    const books = await booksOf(invoice.invoiceId);
    expect(books.invoice).toMatchObject({ status: "paid", amountPaidMinor: 100_000n });
    expect(books.payments).toHaveLength(2);
    expect(books.income.reduce((sum, row) => sum + row.amountMinor, 0n)).toBe(100_000n);
    await expect(
      bed.owner.caller.mpesa.requests.create({
        businessId: bed.businessId,
        invoiceId: invoice.invoiceId,
        phone: "0700 000 000",
      }),
    ).rejects.toMatchObject({ code: "PRECONDITION_FAILED", message: "This invoice is already paid." });
  });

  it("a payment of more than is owed pays the invoice and keeps the rest as the customer's credit", async () => {
    const invoice = await bed.createInvoice({ totalMinor: 50_050n });
    // 500.50 owed: M-Pesa takes whole shillings, so the prompt asks for 501 and 0.50 becomes credit.
    const request = await bed.owner.caller.mpesa.requests.create({
      businessId: bed.businessId,
      invoiceId: invoice.invoiceId,
      phone: magicPhoneFor("success"),
    });
    expect(request.amountMinor).toBe(50_100n);
    await settled(request.id);
    const books = await booksOf(invoice.invoiceId);
    expect(books.invoice).toMatchObject({ status: "paid", amountPaidMinor: 50_050n });
    expect(books.payments[0]).toMatchObject({
      amountMinor: 50_100n,
      appliedMinor: 50_050n,
      creditedToCustomerMinor: 50n,
    });
    const [customer] = await bed.harness.db
      .select()
      .from(customers)
      .where(eq(customers.id, invoice.customerId));
    expect(customer?.creditBalanceMinor).toBe(50n);
  });

  it.each([
    ["cancelled", "cancelled", "cancelled", "The customer cancelled the payment."],
    ["unreachable", "unreachable", "failed", "The customer's phone could not be reached."],
    ["insufficient-funds", "insufficient funds", "failed", "The customer has insufficient M-Pesa balance."],
  ] as const)(
    "a %s prompt fails with a reason a person understands",
    async (outcome, _label, status, reason) => {
      const invoice = await bed.createInvoice({ totalMinor: 50_000n });
      const request = await bed.owner.caller.mpesa.requests.create({
        businessId: bed.businessId,
        invoiceId: invoice.invoiceId,
        phone: magicPhoneFor(outcome),
      });
      const row = await settled(request.id);
      expect(row.status).toBe(status);
      expect(row.failureReason).toBe(reason);
      expect(await paymentsOf(request.id)).toHaveLength(0);
    },
  );

  it("the same callback delivered three times is one payment", async () => {
    const invoice = await bed.createInvoice({ totalMinor: 80_000n });
    const request = await bed.owner.caller.mpesa.requests.create({
      businessId: bed.businessId,
      invoiceId: invoice.invoiceId,
      phone: magicPhoneFor("success", "duplicated"),
    });
    await settled(request.id);
    await eventually(
      async () => {
        const copies = bed.simulator.deliveries().filter((delivery) => delivery.url.endsWith(request.id));
        return (
          copies.length === 3 &&
          copies.every((copy) => copy.attempts.some((attempt) => attempt.httpStatus === 200))
        );
      },
      10_000,
      "three acknowledged deliveries",
    );
    const stored = await bed.harness.db
      .select()
      .from(mpesaCallbacks)
      .where(eq(mpesaCallbacks.subjectId, request.id));
    expect(stored).toHaveLength(1);
    expect(await paymentsOf(request.id)).toHaveLength(1);
    const books = await booksOf(invoice.invoiceId);
    expect(books.invoice).toMatchObject({ status: "paid", amountPaidMinor: 80_000n });
    expect(books.payments).toHaveLength(1);
    expect(books.income).toHaveLength(1);
  });

  it("a callback never delivered is settled by the STK query", async () => {
    const invoice = await bed.createInvoice({ totalMinor: 30_000n });
    const request = await bed.owner.caller.mpesa.requests.create({
      businessId: bed.businessId,
      invoiceId: invoice.invoiceId,
      phone: magicPhoneFor("success", "never-delivered"),
    });
    const row = await settled(request.id);
    expect(row).toMatchObject({ status: "paid", settledBy: "query", receipt: null });
    expect(await paymentsOf(request.id)).toHaveLength(1);
    // The query has no receipt: the books use the CheckoutRequestID until a callback brings one.
    const books = await booksOf(invoice.invoiceId);
    expect(books.invoice).toMatchObject({ status: "paid", amountPaidMinor: 30_000n });
    expect(books.payments).toEqual([expect.objectContaining({ reference: row.checkoutRequestId })]);
  });

  it("a query result before the callback: the late callback adds the receipt and nothing else", async () => {
    const invoice = await bed.createInvoice({ totalMinor: 40_000n });
    const request = await bed.owner.caller.mpesa.requests.create({
      businessId: bed.businessId,
      invoiceId: invoice.invoiceId,
      phone: magicPhoneFor("success", "delayed"),
    });
    const row = await settled(request.id);
    expect(row.settledBy).toBe("query");
    const withReceipt = await eventually(
      async () => {
        const current = await bed.requestRow(request.id);
        return current?.receipt ? current : undefined;
      },
      10_000,
      "the late receipt",
    );
    const payments = await paymentsOf(request.id);
    expect(payments).toHaveLength(1);
    expect(payments[0]?.receipt).toBe(withReceipt.receipt);
    expect(payments[0]?.amountMinor).toBe(40_000n);
    const [callback] = await bed.harness.db
      .select()
      .from(mpesaCallbacks)
      .where(eq(mpesaCallbacks.subjectId, request.id));
    expect(callback?.outcome).toBe("receipt-recorded");
  });
});
