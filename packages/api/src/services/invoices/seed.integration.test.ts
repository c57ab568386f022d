import {
  customerCreditEntries,
  customers,
  documentSequences,
  invoiceItems,
  invoicePayments,
  invoices,
  recurringInvoices,
  transactions,
} from "@kavi/db";
import { DEMO_PASSWORD, seedDemo } from "@kavi/db/seed";
import { computeInvoiceTotals, INVOICE_STATUSES } from "@kavi/domain";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestHarness, type TestHarness } from "../../testing";

let harness: TestHarness;
let businessId: string;

beforeAll(async () => {
  harness = await createTestHarness();
  businessId = (await seedDemo(harness.db)).businessId;
});
afterAll(async () => {
  await harness.close();
});

describe("the demo invoices", () => {
  it("cover every state, a credit note, customer credit and a recurring schedule, and seed once", async () => {
    const rows = await harness.db.select().from(invoices).where(eq(invoices.businessId, businessId));
    expect(new Set(rows.map((row) => row.status))).toEqual(new Set(INVOICE_STATUSES));
    expect(rows.some((row) => row.currency === "USD")).toBe(true);
    const [schedule] = await harness.db
      .select()
      .from(recurringInvoices)
      .where(eq(recurringInvoices.businessId, businessId));
    expect(schedule).toMatchObject({ frequency: "monthly", active: true, runCount: 2 });
    expect(rows.filter((row) => row.recurringInvoiceId === schedule?.id)).toHaveLength(2);

    const again = await seedDemo(harness.db);
    expect(again.invoices.skipped).toBe(true);
    expect(await harness.db.select().from(invoices).where(eq(invoices.businessId, businessId))).toHaveLength(
      rows.length,
    );
  });

  it("agree with the totals engine, the payments, the ledger and the numbering", async () => {
    const rows = await harness.db.select().from(invoices).where(eq(invoices.businessId, businessId));
    for (const invoice of rows) {
      const items = await harness.db
        .select()
        .from(invoiceItems)
        .where(eq(invoiceItems.invoiceId, invoice.id));
      const totals = computeInvoiceTotals(items, { pricesIncludeTax: invoice.pricesIncludeTax });
      expect([invoice.subtotalMinor, invoice.taxMinor, invoice.totalMinor]).toEqual([
        totals.subtotalMinor,
        totals.taxMinor,
        totals.totalMinor,
      ]);
      const payments = await harness.db
        .select()
        .from(invoicePayments)
        .where(eq(invoicePayments.invoiceId, invoice.id));
      expect(payments.reduce((sum, payment) => sum + payment.appliedMinor, 0n)).toBe(invoice.amountPaidMinor);
      for (const payment of payments) {
        expect(payment.appliedMinor + payment.creditedToCustomerMinor).toBe(payment.amountMinor);
        const [booked] = await harness.db
          .select()
          .from(transactions)
          .where(eq(transactions.id, String(payment.transactionId)));
        expect(booked).toMatchObject({
          type: "income",
          source: "invoice_payment",
          amountMinor: payment.amountMinor,
          invoiceId: invoice.id,
          customerId: invoice.customerId,
        });
      }
    }
    const numbered = rows.filter((row) => row.invoiceNumber !== null);
    const byYear = new Map<string, number[]>();
    for (const row of numbered) {
      const [, year, value] = /^INV-(\d{4})-(\d{4})$/.exec(String(row.invoiceNumber)) ?? [];
      byYear.set(String(year), [...(byYear.get(String(year)) ?? []), Number(value)]);
    }
    for (const [year, values] of byYear) {
      const sorted = values.sort((a, b) => a - b);
      expect(sorted).toEqual(sorted.map((_, index) => index + 1));
      const [sequence] = await harness.db
        .select()
        .from(documentSequences)
        .where(
          and(
            eq(documentSequences.businessId, businessId),
            eq(documentSequences.kind, "invoice"),
            eq(documentSequences.year, Number(year)),
          ),
        );
      expect(sequence?.lastValue).toBe(sorted.length);
    }
    const credited = await harness.db.select().from(customers).where(eq(customers.businessId, businessId));
    for (const customer of credited) {
      const entries = await harness.db
        .select()
        .from(customerCreditEntries)
        .where(eq(customerCreditEntries.customerId, customer.id));
      expect(entries.reduce((sum, entry) => sum + entry.amountMinor, 0n)).toBe(customer.creditBalanceMinor);
    }
    expect(credited.filter((customer) => customer.creditBalanceMinor > 0n).length).toBeGreaterThanOrEqual(2);
  });

  it("work through the API for the demo owner: list, detail, PDF, and the next number follows on", async () => {
    const { caller: anonymous, cookies } = await harness.client();
    const signedIn = await anonymous.auth.signIn({
      email: "amina@demo.kavi.africa",
      password: DEMO_PASSWORD,
    });
    const { caller } = await harness.client({ accessToken: signedIn.accessToken, cookies });
    // Demo accounts are verified, so everything that emails people works for them at once.
    expect((await caller.auth.me()).user.emailVerified).toBe(true);
    const list = await caller.invoices.list({ businessId, limit: 100 });
    expect(list.items.length).toBeGreaterThanOrEqual(15);
    for (const item of list.items) {
      const detail = await caller.invoices.get({ businessId, invoiceId: item.id });
      expect(detail.lines.length).toBeGreaterThan(0);
    }
    const overdue = list.items.find((item) => item.status === "overdue");
    const pdf = await caller.invoices.pdf({ businessId, invoiceId: String(overdue?.id) });
    expect(Buffer.from(pdf.contentBase64, "base64").subarray(0, 5).toString()).toBe("%PDF-");
    const draft = list.items.find((item) => item.status === "draft");
    const issued = await caller.invoices.issue({ businessId, invoiceId: String(draft?.id) });
    const year = issued.issueDate.slice(0, 4);
    const sameYear = list.items.filter((item) => item.invoiceNumber?.startsWith(`INV-${year}-`)).length;
    expect(issued.invoiceNumber).toBe(`INV-${year}-${String(sameYear + 1).padStart(4, "0")}`);
  });
});
