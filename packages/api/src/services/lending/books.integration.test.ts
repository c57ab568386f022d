import { loanRepayments, loans, transactions } from "@kavi/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  approvedLoan,
  createTestHarness,
  SAMPLE_LOAN_PRODUCT,
  signUpLendingOfficer,
  type TestHarness,
} from "../../testing";
import { bookLoanRepayment } from "./books";
import { applyLoanRepayment } from "./lifecycle";

let harness: TestHarness;

beforeAll(async () => {
  harness = await createTestHarness();
});
afterAll(() => harness.close());

describe("a repayment in the business's books", () => {
  it("books every shilling that left: principal, charges and an overpayment the loan could not take", async () => {
    const maker = await signUpLendingOfficer(harness, "Maker");
    const checker = await signUpLendingOfficer(harness, "Checker");
    const productId = (await maker.caller.lending.createProduct(SAMPLE_LOAN_PRODUCT)).id;
    const approved = await approvedLoan(
      harness,
      { maker, checker, productId },
      { disbursedAt: new Date("2026-01-10T07:00:00Z") },
    );
    const [loan] = await harness.db.select().from(loans).where(eq(loans.id, approved.loan.id));
    if (!loan) throw new Error("loan missing");
    // Far more than the whole loan: the loan takes what it is owed, the rest is held for the business.
    const paid = 10_000_000n;
    const applied = await applyLoanRepayment(harness.serviceContext(), loan.id, {
      amountMinor: paid,
      reference: `PB${loan.number}X`,
      channel: "paybill",
      receivedAt: new Date("2026-01-20T08:00:00Z"),
    });
    const [repayment] = await harness.db
      .select()
      .from(loanRepayments)
      .where(eq(loanRepayments.id, applied.id));
    if (!repayment) throw new Error("repayment missing");
    expect(repayment.unappliedMinor).toBeGreaterThan(0n);

    await bookLoanRepayment(harness.db, harness.serviceContext().actor, loan, repayment);
    await bookLoanRepayment(harness.db, harness.serviceContext().actor, loan, repayment);
    const booked = await harness.db
      .select({ amountMinor: transactions.amountMinor, externalId: transactions.externalId })
      .from(transactions)
      .where(eq(transactions.businessId, loan.businessId));
    expect(booked.reduce((total, row) => total + row.amountMinor, 0n)).toBe(paid);
    expect(booked.find((row) => row.externalId === `PB${loan.number}X-O`)?.amountMinor).toBe(
      repayment.unappliedMinor,
    );
  });
});
