import { invoiceItems, invoices, transactions } from "@kavi/db";
import { and, eq, gte, lte, ne, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createBusinessFor,
  createTestHarness,
  insertCustomer,
  pdfText,
  refusal,
  refusalDetails,
  type SignedInUser,
  signUpUser,
  type TestHarness,
} from "../testing";

/**
 * Seeded November 2026 (figures by hand, in KES cents):
 *   inv1  customer A (PIN), 2026-11-05: 9,000.00 zero-rated (C) + 500.00 at 16 % (B, VAT 80.00) = 9,580.00; paid 4,000.00
 *   inv2  customer B (no PIN), 2026-11-20, 30 days: 10,000.00 at 16 % (B, 1,600.00) + 3,000.00 exempt (A)
 *         + 1,000.00 at 8 % (E, 80.00) = 15,680.00
 *   inv3  customer A, 2026-10-28 (October): 5,000.00 at 16 % = 5,800.00; on 2026-11-25 paid 1,000.00, then a
 *         credit note of 1,160.00 (VAT 160.00)
 *   inv4  customer B, 2026-08-01: 1,000.00 exempt
 *   expenses: S1 (PIN) 11,600.00 with VAT 1,600.00 (B), 1,080.00 with VAT 80.00 (E), 5,000.00 without VAT;
 *             S2 (no PIN) 2,320.00 with VAT 320.00
 */

let harness: TestHarness;
let owner: SignedInUser;
let businessId: string;
let customerA: string;
let customerB: string;
const ids: Record<string, string> = {};

async function issue(customerId: string, issueDate: string, lines: unknown[], paymentTermsDays = 14) {
  const draft = await owner.caller.invoices.create({
    businessId,
    customerId,
    issueDate,
    paymentTermsDays,
    lines: lines as never,
  });
  return owner.caller.invoices.issue({ businessId, invoiceId: draft.id });
}

beforeAll(async () => {
  harness = await createTestHarness();
  harness.setNow(new Date("2026-11-26T09:00:00Z"));
  owner = await signUpUser(harness);
  businessId = (await createBusinessFor(owner)).id;
  customerA = (await insertCustomer(harness.db, businessId, { name: "Duka la Amani" })).id;
  customerB = (await insertCustomer(harness.db, businessId, { name: "Wanjiru Salon", taxId: null })).id;

  const inv1 = await issue(customerA, "2026-11-05", [
    { description: "Tomatoes, crate", quantity: "2", unitPrice: "4,500.00", taxTreatment: "zero_rated" },
    { description: "Crate hire", quantity: "2", unitPrice: "250.00", itemClassificationCode: "7811180300" },
  ]);
  ids.inv1 = inv1.id;
  const inv2 = await issue(
    customerB,
    "2026-11-20",
    [
      { description: "Hair dryers", quantity: "1", unitPrice: "10,000.00" },
      { description: "Training", quantity: "1", unitPrice: "3,000.00", taxTreatment: "exempt" },
      { description: "Fuel", quantity: "1", unitPrice: "1,000.00", taxRate: "8" },
    ],
    30,
  );
  ids.inv2 = inv2.id;
  const inv3 = await issue(customerA, "2026-10-28", [
    { description: "Shelving", quantity: "1", unitPrice: "5,000.00" },
  ]);
  ids.inv3 = inv3.id;
  await issue(customerB, "2026-08-01", [
    { description: "Consulting", quantity: "1", unitPrice: "1,000.00", taxTreatment: "exempt" },
  ]);
  harness.setNow(new Date("2026-11-25T10:00:00Z"));
  await owner.caller.invoices.recordPayment({
    businessId,
    invoiceId: inv3.id,
    amount: "1,000.00",
    method: "cash",
  });
  await owner.caller.invoices.createCreditNote({
    businessId,
    invoiceId: inv3.id,
    amount: "1,160.00",
    reason: "Damaged shelf",
  });
  harness.setNow(new Date("2026-11-26T10:00:00Z"));
  await owner.caller.invoices.recordPayment({
    businessId,
    invoiceId: inv1.id,
    amount: "4,000.00",
    method: "mpesa",
  });
  // A draft in November is not a sale.
  await owner.caller.invoices.create({
    businessId,
    customerId: customerA,
    issueDate: "2026-11-10",
    lines: [{ description: "Not issued", quantity: "1", unitPrice: "99,999.00" }],
  });

  const s1 = await owner.caller.suppliers.create({
    businessId,
    name: "Mombasa Wholesalers",
    taxId: "P000111222Z",
  });
  const s2 = await owner.caller.suppliers.create({ businessId, name: "Jua Kali Works" });
  const expense = (amount: string, vat: string | null, date: string, supplierId: string) =>
    owner.caller.transactions.create({
      businessId,
      type: "expense",
      amount,
      vat,
      transactionDate: date,
      supplierId,
    });
  await expense("11,600.00", "1,600.00", "2026-11-10", s1.id);
  await expense("1,080.00", "80.00", "2026-11-15", s1.id);
  await expense("5,000.00", null, "2026-11-16", s1.id);
  await expense("2,320.00", "320.00", "2026-11-17", s2.id);
  harness.setNow(new Date("2026-12-01T09:00:00Z"));
});
afterAll(async () => {
  harness.setNow(new Date());
  await harness.close();
});

describe("VAT report", () => {
  it("output VAT by eTIMS tax type, less credit notes; input VAT from expenses with a supplier PIN", async () => {
    const report = await owner.caller.reports.vat({ businessId, month: "2026-11" });
    expect(report.dueDate).toBe("2026-12-18"); // the 20th is a Sunday
    expect(report.salesByType).toEqual({
      A: { taxableMinor: 300_000n, vatMinor: 0n },
      B: { taxableMinor: 50_000n + 1_000_000n - 100_000n, vatMinor: 8_000n + 160_000n - 16_000n },
      C: { taxableMinor: 900_000n, vatMinor: 0n },
      D: { taxableMinor: 0n, vatMinor: 0n },
      E: { taxableMinor: 100_000n, vatMinor: 8_000n },
    });
    expect(report.purchasesByType.B).toEqual({ taxableMinor: 1_000_000n, vatMinor: 160_000n });
    expect(report.purchasesByType.E).toEqual({ taxableMinor: 100_000n, vatMinor: 8_000n });
    expect(report.purchasesWithoutPin).toEqual({ count: 1, vatMinor: 32_000n });
    expect(report.outputVatMinor).toBe(160_000n);
    expect(report.inputVatMinor).toBe(168_000n);
    expect(report.vatPayableMinor).toBe(0n);
    expect(report.creditCarriedForwardMinor).toBe(8_000n);
    expect(report.salesToRegisteredMinor).toEqual({ taxableMinor: 850_000n, vatMinor: -8_000n });
    expect(report.salesToUnregisteredMinor).toEqual({ taxableMinor: 1_400_000n, vatMinor: 168_000n });
    const note = report.sales.find((row) => row.kind === "credit_note");
    expect(note?.relevantInvoiceDate).toBe("2026-10-28");
    expect(note?.buyerPin).toBe("P051234567X");

    // Independently: the lines of November's issued invoices, summed by PostgreSQL.
    const [lines] = await harness.db
      .select({ tax: sql<string>`sum(${invoiceItems.taxMinor})` })
      .from(invoiceItems)
      .innerJoin(invoices, eq(invoices.id, invoiceItems.invoiceId))
      .where(
        and(
          eq(invoices.businessId, businessId),
          ne(invoices.status, "draft"),
          gte(invoices.issueDate, "2026-11-01"),
          lte(invoices.issueDate, "2026-11-30"),
        ),
      );
    expect(report.outputVatMinor).toBe(BigInt(lines?.tax ?? "0") - 16_000n);
  });

  it("exports the VAT3 sections as CSV and a PDF", async () => {
    const csv = await owner.caller.reports.export({
      businessId,
      report: "vat",
      format: "csv",
      month: "2026-11",
    });
    const text = Buffer.from(csv.contentBase64, "base64").toString("utf8");
    expect(csv.filename).toBe("vat-2026-11.csv");
    expect(text).toContain(
      "PIN of Purchaser,Name of Purchaser,ETR Serial Number,Invoice Date,Invoice Number",
    );
    expect(text).toContain("Local,P000111222Z,Mombasa Wholesalers,10/11/2026,,,,10000.00,1600.00,,");
    expect(text).toContain("Credit carried forward,80.00");
    const pdf = await owner.caller.reports.export({
      businessId,
      report: "vat",
      format: "pdf",
      month: "2026-11",
    });
    expect(Buffer.from(pdf.contentBase64, "base64").subarray(0, 4).toString()).toBe("%PDF");
  });

  it("keeps the buyer PIN and classification code on the invoice, and refuses a malformed PIN", async () => {
    const [row] = await harness.db
      .select()
      .from(invoices)
      .where(eq(invoices.id, ids.inv1 ?? ""));
    expect(row?.buyerPin).toBe("P051234567X");
    const [item] = await harness.db
      .select()
      .from(invoiceItems)
      .where(and(eq(invoiceItems.invoiceId, ids.inv1 ?? ""), eq(invoiceItems.position, 1)));
    expect(item?.itemClassificationCode).toBe("7811180300");
    const bad = await refusalDetails(
      owner.caller.invoices.create({
        businessId,
        customerId: customerB,
        buyerPin: "12345",
        lines: [{ description: "x", quantity: "1", unitPrice: "1", itemClassificationCode: "12" }],
      }),
    );
    expect(bad.code).toBe("BAD_REQUEST");
    expect(Object.keys(bad.fieldErrors ?? {})).toEqual(expect.arrayContaining(["buyerPin"]));
  });

  it("refuses VAT more than the expense", async () => {
    const bad = await refusalDetails(
      owner.caller.transactions.create({
        businessId,
        type: "expense",
        amount: "100",
        vat: "200",
        transactionDate: "2026-11-20",
      }),
    );
    expect(bad.code).toBe("BAD_REQUEST");
    expect(bad.fieldErrors?.vat).toBeDefined();
  });
});

describe("financial reports", () => {
  it("aged receivables by customer and bucket, as of a date", async () => {
    const aged = await owner.caller.reports.agedReceivables({ businessId, asOf: "2026-12-10" });
    expect(aged.totals).toEqual({
      current: 1_568_000n,
      "1_30": 364_000n + 558_000n,
      "31_60": 0n,
      "61_90": 0n,
      over_90: 100_000n,
    });
    expect(aged.totalMinor).toBe(2_590_000n);
    expect(aged.customers.find((c) => c.customerId === customerA)?.totalMinor).toBe(922_000n);
  });

  it("profit and loss by month and category, matching the ledger", async () => {
    const pl = await owner.caller.reports.profitAndLoss({ businessId, from: "2026-11-01", to: "2026-11-30" });
    expect(pl.months).toEqual(["2026-11"]);
    expect(pl.expenseMinor).toBe(1_160_000n + 108_000n + 500_000n + 232_000n);
    const [ledger] = await harness.db
      .select({
        income: sql<string>`coalesce(sum(${transactions.baseAmountMinor}) filter (where ${transactions.type} = 'income'), 0)`,
      })
      .from(transactions)
      .where(
        and(
          eq(transactions.businessId, businessId),
          sql`(${transactions.transactionDate} at time zone 'Africa/Nairobi')::date between '2026-11-01' and '2026-11-30'`,
        ),
      );
    expect(pl.incomeMinor).toBe(BigInt(ledger?.income ?? "0"));
    expect(pl.incomeMinor).toBe(500_000n);
    expect(pl.profitMinor).toBe(500_000n - 2_000_000n);
  });

  it("supplier spend with the VAT in it", async () => {
    const spend = await owner.caller.reports.supplierSpend({
      businessId,
      from: "2026-11-01",
      to: "2026-11-30",
    });
    const s1 = spend.suppliers.find((row) => row.supplierName === "Mombasa Wholesalers");
    expect(s1).toMatchObject({ count: 3, amountMinor: 1_768_000n, vatMinor: 168_000n });
    expect(spend.totalMinor).toBe(2_000_000n);
  });

  it("a customer's statement with the balance brought forward", async () => {
    const statement = await owner.caller.customers.statement({
      businessId,
      customerId: customerA,
      from: "2026-11-01",
      to: "2026-11-30",
    });
    expect(statement.openingBalances).toEqual([{ currency: "KES", balanceMinor: 580_000n }]);
    expect(statement.lines.map((line) => [line.kind, line.balanceMinor])).toEqual([
      ["invoice", 1_538_000n],
      ["payment", 1_438_000n],
      ["credit_note", 1_322_000n],
      ["payment", 922_000n],
    ]);
    const csv = await owner.caller.reports.export({
      businessId,
      report: "customer_statement",
      format: "csv",
      customerId: customerA,
      from: "2026-11-01",
      to: "2026-11-30",
    });
    expect(Buffer.from(csv.contentBase64, "base64").toString()).toContain("Balance due,,,,,9220.00");
  });

  it("another business's id is not found; a backwards period is a clear 400", async () => {
    const stranger = await signUpUser(harness);
    expect((await refusal(stranger.caller.reports.vat({ businessId, month: "2026-11" }))).code).toBe(
      "NOT_FOUND",
    );
    const backwards = await refusal(
      owner.caller.reports.profitAndLoss({ businessId, from: "2026-11-30", to: "2026-11-01" }),
    );
    expect(backwards.code).toBe("BAD_REQUEST");
  });

  it("names built-in categories in the reader's language in the CSV and PDF; a renamed one keeps its name", async () => {
    const decode = (file: { contentBase64: string }) => Buffer.from(file.contentBase64, "base64");
    const period = { businessId, from: "2026-11-01", to: "2026-11-30", report: "profit_and_loss" } as const;
    // Invoice payments are booked to the built-in Sales category.
    const english = decode(await owner.caller.reports.export({ ...period, format: "csv", language: "en" }));
    expect(english.toString("utf8")).toMatch(/^Sales,/m);
    const swahili = decode(await owner.caller.reports.export({ ...period, format: "csv", language: "sw" }));
    expect(swahili.toString("utf8")).toMatch(/^Mauzo,/m);
    expect(swahili.toString("utf8")).not.toMatch(/^Sales,/m);
    const swahiliPdf = pdfText(
      decode(await owner.caller.reports.export({ ...period, format: "pdf", language: "sw" })),
    );
    expect(swahiliPdf).toContain("Mauzo");
    expect(swahiliPdf).not.toContain("Sales");

    const sales = (await owner.caller.categories.list({ businessId })).find(
      (row) => row.systemKey === "sales",
    );
    if (!sales) throw new Error("no Sales category");
    await owner.caller.categories.update({ businessId, categoryId: sales.id, name: "Duka sales" });
    try {
      const renamed = decode(await owner.caller.reports.export({ ...period, format: "csv", language: "sw" }));
      expect(renamed.toString("utf8")).toMatch(/^Duka sales,/m);
      expect(renamed.toString("utf8")).not.toMatch(/^Mauzo,/m);
      const renamedPdf = pdfText(
        decode(await owner.caller.reports.export({ ...period, format: "pdf", language: "sw" })),
      );
      expect(renamedPdf).toContain("Duka sales");
    } finally {
      await owner.caller.categories.update({ businessId, categoryId: sales.id, name: "Sales" });
    }
  });

  it("exports in the reader's language: theirs by default, or the one asked for; the VAT CSV keeps iTax's layout", async () => {
    const decode = (file: { contentBase64: string }) =>
      Buffer.from(file.contentBase64, "base64").toString("utf8");
    const period = { businessId, from: "2026-11-01", to: "2026-11-30" } as const;
    const english = decode(
      await owner.caller.reports.export({ ...period, report: "profit_and_loss", format: "csv" }),
    );
    expect(english).toContain("Profit and loss");
    expect(english).toContain("Total income");

    await owner.caller.profile.update({ language: "sw" });
    try {
      const swahili = decode(
        await owner.caller.reports.export({ ...period, report: "profit_and_loss", format: "csv" }),
      );
      expect(swahili).toContain("Faida na hasara");
      expect(swahili).toContain("Jumla ya mapato");
      expect(swahili).toContain("2026-11-01 hadi 2026-11-30");
      expect(swahili).not.toContain("Total income");
      const statement = decode(
        await owner.caller.reports.export({
          ...period,
          report: "customer_statement",
          format: "csv",
          customerId: customerA,
        }),
      );
      expect(statement).toContain("Salio la kulipa,,,,,9220.00");
      const aged = decode(
        await owner.caller.reports.export({ businessId, report: "aged_receivables", format: "csv" }),
      );
      expect(aged).toContain("Madeni ya wateja kwa umri");
      // Asked for in English, English it is.
      const asked = decode(
        await owner.caller.reports.export({
          ...period,
          report: "cash_summary",
          format: "csv",
          language: "en",
        }),
      );
      expect(asked).toContain("Cash summary");
      // KRA's template is English: the VAT CSV keeps its columns; the VAT PDF does not have to.
      const vat = decode(
        await owner.caller.reports.export({ businessId, report: "vat", format: "csv", month: "2026-11" }),
      );
      expect(vat).toContain("PIN of Purchaser,Name of Purchaser");
      const pdf = await owner.caller.reports.export({
        businessId,
        report: "vat",
        format: "pdf",
        month: "2026-11",
      });
      expect(Buffer.from(pdf.contentBase64, "base64").subarray(0, 4).toString()).toBe("%PDF");
    } finally {
      await owner.caller.profile.update({ language: "en" });
    }
  });
});
