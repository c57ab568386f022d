import { activityLog, creditNotes, customers, invoicePayments, invoices } from "@kavi/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addMember,
  createBusinessFor,
  createTestHarness,
  refusal,
  type SignedInUser,
  signUpUser,
  type TestHarness,
} from "../testing";

let harness: TestHarness;
let owner: SignedInUser;
let businessId: string;

beforeAll(async () => {
  harness = await createTestHarness();
  owner = await signUpUser(harness);
  businessId = (await createBusinessFor(owner)).id;
});
afterAll(async () => {
  await harness.close();
});

let tokenCounter = 0;
async function invoice(customerId: string, values: Partial<typeof invoices.$inferInsert>) {
  tokenCounter += 1;
  const [row] = await harness.db
    .insert(invoices)
    .values({
      businessId,
      customerId,
      invoiceNumber: `INV-2026-${String(tokenCounter).padStart(4, "0")}`,
      issueDate: "2026-10-01",
      dueDate: "2026-10-15",
      currency: "KES",
      publicToken: `token-${tokenCounter}-${Date.now()}`,
      status: "sent",
      ...values,
    })
    .returning();
  if (!row) throw new Error("no invoice");
  return row;
}

describe("customers", () => {
  it("creates with a normalised phone and the next account number, which stays unique and editable", async () => {
    const first = await owner.caller.customers.create({
      businessId,
      name: "Serena Hotel Nairobi",
      phone: "0712 345 678",
      email: "Purchasing@Serena.co.ke",
      taxId: "p051234567x",
    });
    expect(first).toMatchObject({
      phone: "+254712345678",
      email: "purchasing@serena.co.ke",
      taxId: "P051234567X",
      accountNumber: "C0001",
    });
    const second = await owner.caller.customers.create({ businessId, name: "Braeburn School" });
    expect(second.accountNumber).toBe("C0002");
    const custom = await owner.caller.customers.create({
      businessId,
      name: "Mama Ngina Stall 7",
      accountNumber: "c0003",
    });
    expect(custom.accountNumber).toBe("C0003");
    const next = await owner.caller.customers.create({ businessId, name: "Java House Kimathi" });
    expect(next.accountNumber).toBe("C0004");
    const clash = await refusal(
      owner.caller.customers.update({ businessId, customerId: next.id, accountNumber: "C0001" }),
    );
    expect(clash.code).toBe("CONFLICT");
    const badPhone = await refusal(owner.caller.customers.create({ businessId, name: "X", phone: "0812" }));
    expect(badPhone.code).toBe("BAD_REQUEST");
    const concurrent = await Promise.all(
      Array.from({ length: 5 }, (_, index) =>
        owner.caller.customers.create({ businessId, name: `Kiosk ${index}` }),
      ),
    );
    expect(new Set(concurrent.map((customer) => customer.accountNumber)).size).toBe(5);
    // An update that sends only the name changes only the name.
    const renamed = await owner.caller.customers.update({
      businessId,
      customerId: first.id,
      name: "Serena Hotel",
    });
    expect(renamed).toMatchObject({
      name: "Serena Hotel",
      paymentTermsDays: 14,
      country: "KE",
      phone: "+254712345678",
    });
    const [activity] = await harness.db
      .select()
      .from(activityLog)
      .where(eq(activityLog.action, "customer.updated"));
    expect(Object.keys(activity?.changes ?? {})).toEqual(["name"]);
    // English unless chosen; the choice is kept by later partial updates and refused when unknown.
    expect(renamed.language).toBe("en");
    const swahili = await owner.caller.customers.create({
      businessId,
      name: "Duka la Mama Amina",
      language: "sw",
    });
    expect(swahili.language).toBe("sw");
    const renamedSwahili = await owner.caller.customers.update({
      businessId,
      customerId: swahili.id,
      name: "Duka la Mama Amina Ltd",
    });
    expect(renamedSwahili.language).toBe("sw");
    const badLanguage = await refusal(
      owner.caller.customers.update({ businessId, customerId: swahili.id, language: "fr" as "sw" }),
    );
    expect(badLanguage.code).toBe("BAD_REQUEST");
    await owner.caller.customers.delete({ businessId, customerId: swahili.id });
  });

  it("searches by name, phone in any local form, email, KRA PIN and account number; pages by name", async () => {
    const search = async (term: string) =>
      (await owner.caller.customers.list({ businessId, search: term })).items.map(
        (customer) => customer.name,
      );
    expect(await search("serena")).toEqual(["Serena Hotel"]);
    expect(await search("0712345678")).toEqual(["Serena Hotel"]);
    expect(await search("+254 712 345")).toEqual(["Serena Hotel"]);
    expect(await search("purchasing@")).toEqual(["Serena Hotel"]);
    expect(await search("P051234567X")).toEqual(["Serena Hotel"]);
    expect(await search("c0003")).toEqual(["Mama Ngina Stall 7"]);
    const names: string[] = [];
    let cursor: string | null | undefined = null;
    do {
      const page: Awaited<ReturnType<typeof owner.caller.customers.list>> = await owner.caller.customers.list(
        { businessId, limit: 3, cursor },
      );
      names.push(...page.items.map((customer) => customer.name));
      cursor = page.nextCursor;
    } while (cursor);
    expect(names).toHaveLength(9);
    expect(names).toEqual([...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
  });

  it("deletes a customer nothing refers to, and asks to archive one that has history", async () => {
    const lonely = await owner.caller.customers.create({ businessId, name: "Walk-in customer" });
    await owner.caller.customers.delete({ businessId, customerId: lonely.id });
    expect(await refusal(owner.caller.customers.get({ businessId, customerId: lonely.id }))).toMatchObject({
      code: "NOT_FOUND",
    });
    const regular = await owner.caller.customers.create({ businessId, name: "Carrefour Junction" });
    await owner.caller.transactions.create({
      businessId,
      type: "income",
      amount: "900",
      transactionDate: "2026-11-01",
      customerId: regular.id,
    });
    const refused = await refusal(owner.caller.customers.delete({ businessId, customerId: regular.id }));
    expect(refused).toMatchObject({
      code: "PRECONDITION_FAILED",
      message: expect.stringMatching(/1 transaction; archive/),
    });
    await owner.caller.customers.archive({ businessId, customerId: regular.id });
    expect((await owner.caller.customers.list({ businessId, search: "Carrefour" })).items).toHaveLength(0);
    expect(
      (await owner.caller.customers.list({ businessId, search: "Carrefour", includeArchived: true })).items,
    ).toHaveLength(1);
    await owner.caller.customers.restore({ businessId, customerId: regular.id });
  });

  it("statement: invoices, payments, credit notes, running balance, what is owed and overdue, and credit", async () => {
    harness.setNow(new Date("2026-11-10T08:00:00Z"));
    try {
      const customer = await owner.caller.customers.create({ businessId, name: "Nairobi Serena Kitchen" });
      const paid = await invoice(customer.id, {
        issueDate: "2026-09-01",
        dueDate: "2026-09-15",
        totalMinor: 1_000_000n,
        amountPaidMinor: 1_000_000n,
        status: "paid",
      });
      const partly = await invoice(customer.id, {
        issueDate: "2026-10-01",
        dueDate: "2026-10-15",
        totalMinor: 500_000n,
        amountPaidMinor: 200_000n,
        status: "partially_paid",
      });
      await invoice(customer.id, {
        issueDate: "2026-11-01",
        dueDate: "2026-11-30",
        totalMinor: 300_000n,
        creditedMinor: 50_000n,
        status: "sent",
      });
      await invoice(customer.id, {
        issueDate: "2026-11-02",
        dueDate: "2026-11-30",
        totalMinor: 999_999n,
        status: "draft",
      });
      await harness.db.insert(invoicePayments).values([
        {
          businessId,
          invoiceId: paid.id,
          amountMinor: 1_100_000n,
          appliedMinor: 1_000_000n,
          creditedToCustomerMinor: 100_000n,
          currency: "KES",
          method: "mpesa",
          reference: "SKA1",
          paidAt: new Date("2026-09-10T09:00:00Z"),
        },
        {
          businessId,
          invoiceId: partly.id,
          amountMinor: 200_000n,
          appliedMinor: 200_000n,
          currency: "KES",
          method: "cash",
          paidAt: new Date("2026-10-05T09:00:00Z"),
        },
      ]);
      const [third] = await harness.db.select().from(invoices).where(eq(invoices.totalMinor, 300_000n));
      await harness.db.insert(creditNotes).values({
        businessId,
        invoiceId: String(third?.id),
        creditNoteNumber: "CN-2026-0001",
        amountMinor: 50_000n,
        currency: "KES",
        reason: "Bruised tomatoes",
        issuedAt: new Date("2026-11-03T09:00:00Z"),
      });
      await harness.db
        .update(customers)
        .set({ creditBalanceMinor: 100_000n })
        .where(eq(customers.id, customer.id));

      const statement = await owner.caller.customers.statement({ businessId, customerId: customer.id });
      expect(
        statement.lines.map((line) => [
          line.date,
          line.kind,
          line.debitMinor,
          line.creditMinor,
          line.balanceMinor,
        ]),
      ).toEqual([
        ["2026-09-01", "invoice", 1_000_000n, 0n, 1_000_000n],
        ["2026-09-10", "payment", 0n, 1_100_000n, -100_000n],
        ["2026-10-01", "invoice", 500_000n, 0n, 400_000n],
        ["2026-10-05", "payment", 0n, 200_000n, 200_000n],
        ["2026-11-01", "invoice", 300_000n, 0n, 500_000n],
        ["2026-11-03", "credit_note", 0n, 50_000n, 450_000n],
      ]);
      expect(statement.balances).toEqual([
        { currency: "KES", outstandingMinor: 550_000n, overdueMinor: 300_000n, openInvoices: 2 },
      ]);
      expect(statement.creditBalanceMinor).toBe(100_000n);
      const fromOctober = await owner.caller.customers.statement({
        businessId,
        customerId: customer.id,
        from: "2026-10-01",
      });
      expect(fromOctober.openingBalances).toEqual([{ currency: "KES", balanceMinor: -100_000n }]);
      expect(fromOctober.lines).toHaveLength(4);
      const listed = (await owner.caller.customers.list({ businessId, search: "Serena Kitchen" })).items[0];
      expect(listed?.outstandingMinor).toBe(550_000n);
      expect(
        await refusal(owner.caller.customers.delete({ businessId, customerId: customer.id })),
      ).toMatchObject({ code: "PRECONDITION_FAILED" });
    } finally {
      harness.setNow(new Date());
    }
  });

  it("is shared by invoices, transactions and payments staff; others are refused", async () => {
    const payments = await addMember(harness, owner, businessId, "staff", ["payments"]);
    const budgetsOnly = await addMember(harness, owner, businessId, "staff", ["budgets"]);
    await payments.caller.customers.create({ businessId, name: "Paid by M-Pesa Ltd" });
    expect(await refusal(budgetsOnly.caller.customers.list({ businessId }))).toMatchObject({
      code: "FORBIDDEN",
    });
  });
});

describe("suppliers", () => {
  it("CRUD, search, archive vs delete, and spend over time", async () => {
    harness.setNow(new Date("2026-11-20T08:00:00Z"));
    try {
      const farm = await owner.caller.suppliers.create({
        businessId,
        name: "Kinangop Fresh Farmers Coop",
        phone: "+254 733 111 222",
        paymentDetails: "Paybill 522522, account KFF",
      });
      expect(farm.phone).toBe("+254733111222");
      await owner.caller.suppliers.create({ businessId, name: "Limuru Tea Estate Greens" });
      expect(
        (await owner.caller.suppliers.list({ businessId, search: "0733111222" })).items.map(
          (item) => item.name,
        ),
      ).toEqual(["Kinangop Fresh Farmers Coop"]);
      const categoriesList = await owner.caller.categories.list({ businessId });
      const stock = categoriesList.find((category) => category.systemKey === "stock_purchases")?.id;
      const transport = categoriesList.find((category) => category.systemKey === "transport_fuel")?.id;
      await owner.caller.transactions.create({
        businessId,
        type: "expense",
        amount: "60000",
        transactionDate: "2026-09-05",
        supplierId: farm.id,
        categoryId: stock,
      });
      await owner.caller.transactions.create({
        businessId,
        type: "expense",
        amount: "62300",
        transactionDate: "2026-11-05",
        supplierId: farm.id,
        categoryId: stock,
      });
      await owner.caller.transactions.create({
        businessId,
        type: "expense",
        amount: "4000",
        transactionDate: "2026-11-06",
        supplierId: farm.id,
        categoryId: transport,
      });
      const spend = await owner.caller.suppliers.spend({ businessId, supplierId: farm.id, months: 3 });
      expect(spend.series).toEqual([
        { month: "2026-09", amountMinor: 6_000_000n, count: 1 },
        { month: "2026-10", amountMinor: 0n, count: 0 },
        { month: "2026-11", amountMinor: 6_630_000n, count: 2 },
      ]);
      expect(spend.totalMinor).toBe(12_630_000n);
      expect(spend.byCategory.map((row) => [row.name, row.amountMinor])).toEqual([
        ["Stock purchases", 12_230_000n],
        ["Transport and fuel", 400_000n],
      ]);
      expect(
        (await owner.caller.suppliers.list({ businessId, search: "Kinangop" })).items[0]
          ?.spentLast12MonthsMinor,
      ).toBe(12_630_000n);
      expect(await refusal(owner.caller.suppliers.delete({ businessId, supplierId: farm.id }))).toMatchObject(
        { code: "PRECONDITION_FAILED" },
      );
      await owner.caller.suppliers.archive({ businessId, supplierId: farm.id });
      const updated = await owner.caller.suppliers.update({
        businessId,
        supplierId: farm.id,
        notes: "Delivers Tuesdays",
      });
      expect(updated).toMatchObject({ notes: "Delivers Tuesdays", country: "KE", phone: "+254733111222" });
      const idle = (await owner.caller.suppliers.list({ businessId, search: "Limuru" })).items[0];
      await owner.caller.suppliers.delete({ businessId, supplierId: String(idle?.id) });
      expect((await owner.caller.suppliers.list({ businessId })).items).toHaveLength(0);
    } finally {
      harness.setNow(new Date());
    }
  });
});
