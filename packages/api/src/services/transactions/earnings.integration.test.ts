import { loanRepayments, loans } from "@kavi/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  approvedLoan,
  createTestHarness,
  SAMPLE_LOAN_PRODUCT,
  type SignedInUser,
  signUpLendingOfficer,
  type TestHarness,
} from "../../testing";
import { spendByCategory } from "../assistant/tools/reports";
import type { ToolContext } from "../assistant/tools/tool";
import { gatherCreditInputs } from "../credit/inputs";
import { gatherForecastInputs } from "../forecast/inputs";
import { bookLoanProceeds, bookLoanRepayment } from "../lending/books";
import { applyLoanRepayment } from "../lending/lifecycle";
import type { LedgerBusiness } from "./queries";

/**
 * A business that borrowed 30,000 on 10 January, sold 50,000 and paid 10,000 rent in February, and repaid
 * 11,100 on 9 February (10,000 principal, 1,100 interest and fee). Earnings are 50,000 in and 11,100 out
 * (the charges are a cost); cash moved 80,000 in and 21,100 out.
 */
let harness: TestHarness;
let owner: SignedInUser;
let business: LedgerBusiness;
let categoryOf: (key: string) => string;

const SALES = 5_000_000n;
const COSTS = 1_000_000n + 110_000n; // rent + loan charges
const CASH_IN = 3_000_000n + SALES;
const CASH_OUT = 1_000_000n + 1_000_000n + 110_000n; // rent + principal + charges

beforeAll(async () => {
  harness = await createTestHarness();
  const maker = await signUpLendingOfficer(harness, "Maker");
  const checker = await signUpLendingOfficer(harness, "Checker");
  const productId = (await maker.caller.lending.createProduct(SAMPLE_LOAN_PRODUCT)).id;
  const approved = await approvedLoan(
    harness,
    { maker, checker, productId },
    { disbursedAt: new Date("2026-01-10T07:00:00Z") },
  );
  owner = approved.owner;
  business = { id: approved.businessId, baseCurrency: "KES", timezone: "Africa/Nairobi" };
  const ctx = harness.serviceContext();
  const [loan] = await harness.db.select().from(loans).where(eq(loans.id, approved.loan.id));
  if (!loan) throw new Error("loan missing");
  // What the confirmed B2C payout and the confirmed repayment book (services/lending/transfers.ts).
  await bookLoanProceeds(harness.db, ctx.actor, loan, {
    amountMinor: 3_000_000n,
    receipt: `B2C${loan.number}`,
    paidAt: new Date("2026-01-10T08:00:00Z"),
  });
  const applied = await applyLoanRepayment(ctx, loan.id, {
    amountMinor: 1_110_000n,
    reference: `STK${loan.number}1`,
    channel: "stk",
    receivedAt: new Date("2026-02-09T08:00:00Z"),
  });
  const [repayment] = await harness.db.select().from(loanRepayments).where(eq(loanRepayments.id, applied.id));
  if (!repayment) throw new Error("repayment missing");
  expect(repayment.principalMinor).toBe(1_000_000n);
  await bookLoanRepayment(harness.db, ctx.actor, loan, repayment);

  const list = await owner.caller.categories.list({ businessId: business.id });
  categoryOf = (key) => String(list.find((item) => item.systemKey === key)?.id);
  harness.setNow(new Date("2026-02-20T09:00:00Z"));
  await owner.caller.transactions.create({
    businessId: business.id,
    type: "income",
    amount: "50,000",
    transactionDate: "2026-02-05",
    categoryId: categoryOf("sales"),
  });
  await owner.caller.transactions.create({
    businessId: business.id,
    type: "expense",
    amount: "10,000",
    transactionDate: "2026-02-06",
    categoryId: categoryOf("rent"),
  });
});

afterAll(async () => {
  harness.setNow(new Date());
  await harness.close();
});

const JAN_FEB = { from: "2026-01-01", to: "2026-02-28" };

describe("loan money is not earnings", () => {
  it("profit and loss (and so the digests) leave out proceeds and principal, keep the charges", async () => {
    const report = await owner.caller.reports.profitAndLoss({ businessId: business.id, ...JAN_FEB });
    expect([report.incomeMinor, report.expenseMinor]).toEqual([SALES, COSTS]);
    expect(report.income.map((line) => line.name)).toEqual(["Sales"]);
  });

  it("the dashboard's KPI cards, chart and spend by category leave them out; the cash balance keeps them", async () => {
    const overview = await owner.caller.dashboard.overview({ businessId: business.id, period: "this_month" });
    expect(overview.kpis.income.currentMinor).toBe(SALES);
    expect(overview.kpis.expenses.currentMinor).toBe(COSTS);
    expect(overview.kpis.cashBalanceMinor).toBe(CASH_IN - CASH_OUT);
    const january = overview.incomeVsExpenses.find((point) => point.bucket === "2026-01-01");
    expect(january?.incomeMinor).toBe(0n);
    expect(overview.spendByCategory.map((item) => item.name).sort()).toEqual([
      "Loan interest and charges",
      "Rent",
    ]);
  });

  it("the analytics summary, series and categories leave them out", async () => {
    const summary = await owner.caller.transactions.summary({ businessId: business.id, ...JAN_FEB });
    expect([summary.totals.incomeMinor, summary.totals.expenseMinor]).toEqual([SALES, COSTS]);
    expect(summary.byCategory.income.map((item) => item.name)).toEqual(["Sales"]);
    expect(summary.burn.cashBalanceMinor).toBe(CASH_IN - CASH_OUT);
    const series = await owner.caller.transactions.series({
      businessId: business.id,
      ...JAN_FEB,
      granularity: "week",
    });
    expect(series.reduce((sum, point) => sum + point.incomeMinor, 0n)).toBe(SALES);
    const spend = await owner.caller.transactions.byCategory({
      businessId: business.id,
      ...JAN_FEB,
      type: "expense",
    });
    expect(spend.map((item) => item.name)).not.toContain("Loan repayments");
  });

  it("the assistant's spend by category leaves them out, but answers for Loan repayments when asked by name", async () => {
    // The tool reads only the database and the business; the caller's grant is the router's concern.
    const tool = { db: harness.db, business } as unknown as ToolContext;
    const all = await spendByCategory.run(tool, { ...JAN_FEB, type: "expense", categoryId: null });
    expect(all.totalMinor).toBe(COSTS);
    const asked = await spendByCategory.run(tool, {
      ...JAN_FEB,
      type: "expense",
      categoryId: categoryOf("loan_repayments"),
    });
    expect(asked.totalMinor).toBe(1_000_000n);
  });

  it("cash flow counts every shilling that moved", async () => {
    const flow = await owner.caller.cashFlow.get({
      businessId: business.id,
      ...JAN_FEB,
      granularity: "month",
    });
    expect([flow.totals.inflowMinor, flow.totals.outflowMinor]).toEqual([CASH_IN, CASH_OUT]);
  });

  it("a budget sees a loan repayment only when its own category is budgeted", async () => {
    await owner.caller.budgets.create({
      businessId: business.id,
      categoryId: categoryOf("rent"),
      month: "2026-02",
      amount: "20,000",
    });
    let budgets = await owner.caller.budgets.list({ businessId: business.id, month: "2026-02" });
    expect(budgets.totals.actualMinor).toBe(1_000_000n);
    await owner.caller.budgets.create({
      businessId: business.id,
      categoryId: categoryOf("loan_repayments"),
      month: "2026-02",
      amount: "12,000",
    });
    budgets = await owner.caller.budgets.list({ businessId: business.id, month: "2026-02" });
    const loanBudget = budgets.items.find((item) => item.categoryId === categoryOf("loan_repayments"));
    expect(loanBudget?.actualMinor).toBe(1_000_000n);
  });

  it("the credit score's revenue, activity and inflow facts are not raised by borrowed money", async () => {
    const inputs = await gatherCreditInputs(harness.db, business, "2026-03-05");
    // January held only the loan: not an active month, no revenue.
    expect(inputs.months.map((month) => [month.month, month.incomeMinor, month.expenseMinor])).toEqual([
      ["2026-02-01", SALES, COSTS],
    ]);
    expect(inputs.activeMonths).toBe(1);
    expect(inputs.inflowCount).toBe(1);
    expect(inputs.cashBalanceMinor).toBe(CASH_IN - CASH_OUT);
  });

  it("the forecast learns no pattern from the loan received, but starts from a balance that holds it", async () => {
    const inputs = await gatherForecastInputs(harness.db, business, new Date("2026-03-01T09:00:00Z"));
    expect(inputs.history.find((day) => day.day === "2026-01-10")).toBeUndefined();
    // The repayment is a real outflow and stays in the history.
    expect(inputs.history.find((day) => day.day === "2026-02-09")?.outflowMinor).toBe(1_110_000n);
    expect(inputs.startBalanceMinor).toBe(CASH_IN - CASH_OUT);
  });
});
