import { invoices } from "@kavi/db";
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
let category: (key: string) => string;

beforeAll(async () => {
  harness = await createTestHarness();
  owner = await signUpUser(harness);
  businessId = (await createBusinessFor(owner)).id;
  const list = await owner.caller.categories.list({ businessId });
  category = (key) => String(list.find((item) => item.systemKey === key)?.id);
  harness.setNow(new Date("2026-11-20T09:00:00Z"));
  const add = (type: "income" | "expense", amount: string, date: string, key: string) =>
    owner.caller.transactions.create({
      businessId,
      type,
      amount,
      transactionDate: date,
      categoryId: category(key),
    });
  await add("income", "100000", "2026-09-15", "sales");
  await add("expense", "40000", "2026-09-20", "stock_purchases");
  await add("income", "80000", "2026-10-10", "sales");
  await add("expense", "35000", "2026-10-05", "rent");
  await add("expense", "5000", "2026-10-25", "transport_fuel");
  await add("income", "60000", "2026-11-03", "sales");
  await add("expense", "35000", "2026-11-05", "rent");
  await add("expense", "12000", "2026-11-12", "transport_fuel");
  await owner.caller.transactions.create({
    businessId,
    type: "transfer",
    amount: "50000",
    transactionDate: "2026-11-13",
  });
});
afterAll(async () => {
  harness.setNow(new Date());
  await harness.close();
});

describe("cash flow", () => {
  it("inflow, outflow and net per month with a running balance from the opening balance", async () => {
    await owner.caller.cashFlow.setOpeningBalance({ businessId, amount: "25,000.00", date: "2026-10-01" });
    const flow = await owner.caller.cashFlow.get({
      businessId,
      from: "2026-09-01",
      to: "2026-11-30",
      granularity: "month",
    });
    // Balance on 1 Sep = 25,000 − (net of September, which came before the opening date) = 25,000 − 60,000.
    expect(flow.startBalanceMinor).toBe(-3_500_000n);
    expect(
      flow.buckets.map((bucket) => [
        bucket.bucket,
        bucket.inflowMinor,
        bucket.outflowMinor,
        bucket.netMinor,
        bucket.balanceMinor,
      ]),
    ).toEqual([
      ["2026-09-01", 10_000_000n, 4_000_000n, 6_000_000n, 2_500_000n],
      ["2026-10-01", 8_000_000n, 4_000_000n, 4_000_000n, 6_500_000n],
      ["2026-11-01", 6_000_000n, 4_700_000n, 1_300_000n, 7_800_000n],
    ]);
    expect(flow.totals).toEqual({
      inflowMinor: 24_000_000n,
      outflowMinor: 12_700_000n,
      netMinor: 11_300_000n,
    });
    expect(flow.opening).toEqual({ amountMinor: 2_500_000n, date: "2026-10-01" });
    const weekly = await owner.caller.cashFlow.get({
      businessId,
      from: "2026-11-01",
      to: "2026-11-20",
      granularity: "week",
    });
    expect(weekly.buckets[0]).toMatchObject({ bucket: "2026-10-26" });
    expect(weekly.endBalanceMinor).toBe(7_800_000n);
    const daily = await owner.caller.cashFlow.get({
      businessId,
      from: "2026-11-01",
      to: "2026-11-20",
      granularity: "day",
    });
    expect(daily.buckets).toHaveLength(20);
  });

  it("the opening balance is an admin setting; reports are for the reports module", async () => {
    const staff = await addMember(harness, owner, businessId, "staff", ["reports"]);
    const bookkeeper = await addMember(harness, owner, businessId, "staff", ["transactions"]);
    await staff.caller.cashFlow.get({ businessId, granularity: "month" });
    expect(
      await refusal(staff.caller.cashFlow.setOpeningBalance({ businessId, amount: "1", date: "2026-01-01" })),
    ).toMatchObject({ code: "FORBIDDEN" });
    expect(await refusal(bookkeeper.caller.dashboard.overview({ businessId }))).toMatchObject({
      code: "FORBIDDEN",
    });
    expect(
      await refusal(
        owner.caller.cashFlow.setOpeningBalance({ businessId, amount: "1.234", date: "2026-01-01" }),
      ),
    ).toMatchObject({ code: "BAD_REQUEST" });
  });
});

describe("dashboard", () => {
  it("everything the page needs in one call, with the previous period and receivables", async () => {
    const customer = await owner.caller.customers.create({ businessId, name: "Tamarind Tree Hotel" });
    const base = {
      businessId,
      customerId: customer.id,
      currency: "KES",
      publicToken: "",
      status: "sent" as const,
    };
    await harness.db.insert(invoices).values([
      {
        ...base,
        invoiceNumber: "INV-2026-0001",
        issueDate: "2026-10-01",
        dueDate: "2026-10-15",
        totalMinor: 1_000_000n,
        amountPaidMinor: 400_000n,
        status: "overdue",
        publicToken: "t1",
      },
      {
        ...base,
        invoiceNumber: "INV-2026-0002",
        issueDate: "2026-11-10",
        dueDate: "2026-11-24",
        totalMinor: 500_000n,
        publicToken: "t2",
      },
      {
        ...base,
        invoiceNumber: "INV-2026-0003",
        issueDate: "2026-11-01",
        dueDate: "2026-11-15",
        totalMinor: 10_000n,
        currency: "USD",
        exchangeRate: "129.5",
        publicToken: "t3",
      },
      {
        ...base,
        invoiceNumber: "INV-2026-0004",
        issueDate: "2026-11-01",
        dueDate: "2026-11-15",
        totalMinor: 999_000n,
        status: "draft",
        publicToken: "t4",
      },
    ]);
    await owner.caller.budgets.create({
      businessId,
      categoryId: category("transport_fuel"),
      month: "2026-11",
      amount: "15000",
    });
    const overview = await owner.caller.dashboard.overview({ businessId, period: "this_month" });
    expect(overview.range).toEqual({ from: "2026-11-01", to: "2026-11-20" });
    expect(overview.previousRange).toEqual({ from: "2026-10-01", to: "2026-10-20" });
    expect(overview.kpis.income).toEqual({ currentMinor: 6_000_000n, previousMinor: 8_000_000n });
    expect(overview.kpis.expenses).toEqual({ currentMinor: 4_700_000n, previousMinor: 3_500_000n });
    expect(overview.kpis.net).toEqual({ currentMinor: 1_300_000n, previousMinor: 4_500_000n });
    // 6,000 + 5,000 + USD 100 × 129.5 = 23,950 outstanding; 6,000 + 12,950 overdue.
    expect(overview.kpis.receivables).toEqual({ outstandingMinor: 2_395_000n, openInvoices: 3 });
    expect(overview.kpis.overdue).toEqual({ amountMinor: 1_895_000n, count: 2 });
    expect(overview.incomeVsExpenses).toHaveLength(12);
    expect(overview.incomeVsExpenses.at(-1)).toMatchObject({
      bucket: "2026-11-01",
      incomeMinor: 6_000_000n,
      expenseMinor: 4_700_000n,
    });
    expect(overview.spendByCategory.map((item) => [item.name, item.amountMinor])).toEqual([
      ["Rent", 3_500_000n],
      ["Transport and fuel", 1_200_000n],
    ]);
    expect(overview.recentTransactions[0]).toMatchObject({ type: "transfer" });
    expect(
      overview.overdueInvoices.map((item) => [
        item.invoiceNumber,
        item.customerName,
        item.outstandingMinor,
        item.daysOverdue,
      ]),
    ).toEqual([
      ["INV-2026-0001", "Tamarind Tree Hotel", 600_000n, 36],
      ["INV-2026-0003", "Tamarind Tree Hotel", 10_000n, 5],
    ]);
    expect(overview.budgets.items).toEqual([
      expect.objectContaining({ categoryName: "Transport and fuel", progressBps: 8_000, status: "warning" }),
    ]);
    const year = await owner.caller.dashboard.overview({ businessId, period: "last_12_months" });
    expect(year.kpis.income.currentMinor).toBe(24_000_000n);
    for (const period of ["last_month", "last_30_days", "this_quarter", "this_year"] as const) {
      const result = await owner.caller.dashboard.overview({ businessId, period });
      expect(result.range.from <= result.range.to).toBe(true);
      expect(result.previousRange.to < result.range.from).toBe(true);
    }
  });
});
