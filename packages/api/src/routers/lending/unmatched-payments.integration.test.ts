import { loanTransfers, transactions } from "@kavi/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  approvedLoan,
  createTestHarness,
  fieldErrorsOf,
  refusal,
  SAMPLE_LOAN_PRODUCT,
  type SignedInUser,
  signUpLendingOfficer,
  type TestHarness,
} from "../../testing";

let harness: TestHarness;
let desk: { maker: SignedInUser; checker: SignedInUser; productId: string };

beforeAll(async () => {
  harness = await createTestHarness();
  const maker = await signUpLendingOfficer(harness, "Maker");
  const checker = await signUpLendingOfficer(harness, "Checker");
  desk = { maker, checker, productId: (await maker.caller.lending.createProduct(SAMPLE_LOAN_PRODUCT)).id };
});

afterAll(async () => {
  await harness.close();
});

/** A confirmed Paybill payment whose account named no loan, as the C2B path keeps it. */
async function unmatchedPayment(receipt: string, accountReference: string) {
  const [row] = await harness.db
    .insert(loanTransfers)
    .values({
      kind: "paybill",
      status: "unmatched",
      amountMinor: 1_110_000n,
      currency: "KES",
      accountReference,
      receipt,
      payerName: "JOHN K",
      completedAt: new Date("2026-02-09T08:00:00Z"),
    })
    .returning();
  if (!row) throw new Error("insert failed");
  return row;
}

describe("unmatched Paybill payments on the desk", () => {
  it("lists them and assigns one to the loan number an officer types, booking it in the borrower's ledger", async () => {
    const { loan, businessId } = await approvedLoan(harness, desk, {
      disbursedAt: new Date("2026-01-10T07:00:00Z"),
    });
    const payment = await unmatchedPayment("UNM1A2B3C4", "shop 12");
    const listed = await desk.maker.caller.lending.unmatchedPayments();
    expect(listed.map((row) => row.id)).toContain(payment.id);

    // A number that is no loan, and one that is not a loan number at all, are field errors.
    const missing = await refusal(
      desk.maker.caller.lending.assignPayment({ transferId: payment.id, loanNumber: "LN999999" }),
    );
    expect(missing.code).toBe("NOT_FOUND");
    expect(fieldErrorsOf(missing)).toEqual({ loanNumber: ["No loan has this number"] });
    expect(
      await refusal(desk.maker.caller.lending.assignPayment({ transferId: payment.id, loanNumber: "shop" })),
    ).toMatchObject({ code: "BAD_REQUEST" });

    // Typed loosely ("ln 12" for LN000012): found by its normal form.
    const typed = loan.number.toLowerCase().replace(/^ln0*/, "ln ");
    const assigned = await desk.maker.caller.lending.assignPayment({
      transferId: payment.id,
      loanNumber: typed,
    });
    expect(assigned.outcome).toBeTruthy();
    const [moved] = await harness.db.select().from(loanTransfers).where(eq(loanTransfers.id, payment.id));
    expect(moved).toMatchObject({ loanId: loan.id, businessId });
    expect(moved?.status).not.toBe("unmatched");
    const booked = await harness.db
      .select()
      .from(transactions)
      .where(eq(transactions.businessId, businessId));
    expect(booked.map((row) => row.externalId).sort()).toEqual(["UNM1A2B3C4-C", "UNM1A2B3C4-P"]);
    expect((await desk.maker.caller.lending.unmatchedPayments()).map((row) => row.id)).not.toContain(
      payment.id,
    );

    // Assigned once: a second attempt finds nothing to assign.
    expect(
      await refusal(
        desk.maker.caller.lending.assignPayment({ transferId: payment.id, loanNumber: loan.number }),
      ),
    ).toMatchObject({ code: "NOT_FOUND" });
  });
});
