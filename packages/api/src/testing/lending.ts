import { lendingOfficers, users } from "@kavi/db";
import type { TLoanProductInput } from "@kavi/domain";
import { eq } from "drizzle-orm";
import { activateLoan } from "../services/lending/lifecycle";
import { createBusinessFor, type SignedInUser, signUpUser } from "./factories";
import type { TestHarness } from "./harness";

/** A product a test can lend from: KES 5,000–200,000 over 1–6 months, 36 % flat, 2 % fee, 5 % penalty after 3 days. */
export const SAMPLE_LOAN_PRODUCT = {
  name: "Biashara Boost",
  description: "Working capital for stock",
  minAmount: "5,000",
  maxAmount: "200,000",
  tenorUnit: "month",
  minTenor: 1,
  maxTenor: 6,
  interestMethod: "flat",
  annualInterestRate: "36",
  feeRate: "2",
  feeFixed: "0",
  penaltyRate: "5",
  penaltyGraceDays: 3,
  minCreditScore: 0,
  active: true,
} as const satisfies TLoanProductInput;

/** Someone on the lending desk (a row in lending_officers, written straight in). */
export async function signUpLendingOfficer(harness: TestHarness, fullName = "Desk Officer") {
  const user = await signUpUser(harness, { fullName });
  await harness.db.insert(lendingOfficers).values({ userId: user.id });
  return user;
}

/** A platform super-admin (the flag written straight in: nothing in the product grants it). */
export async function signUpSuperAdmin(harness: TestHarness, fullName = "Platform Admin") {
  const user = await signUpUser(harness, { fullName });
  await harness.db.update(users).set({ isSuperAdmin: true }).where(eq(users.id, user.id));
  harness.services.callers.forget({ userId: user.id });
  return user;
}

/**
 * A business with a loan taken through the real path (apply, recommend, decide) and, when `disbursedAt` is given,
 * activated as if its money was confirmed sent then.
 */
export async function approvedLoan(
  harness: TestHarness,
  desk: { maker: SignedInUser; checker: SignedInUser; productId: string },
  options: { amount?: string; tenor?: number; disbursedAt?: Date; owner?: SignedInUser } = {},
) {
  const owner = options.owner ?? (await signUpUser(harness, { fullName: "Achieng Otieno" }));
  const businessId = (await createBusinessFor(owner)).id;
  const loan = await owner.caller.loans.submitApplication({
    businessId,
    productId: desk.productId,
    amount: options.amount ?? "30,000",
    tenor: options.tenor ?? 3,
    purpose: "Stock for the season",
    payoutPhone: "0712345678",
    documents: [],
  });
  await desk.maker.caller.lending.recommend({
    applicationId: loan.id,
    recommendation: "approve",
    reason: "Steady M-Pesa inflow",
  });
  await desk.checker.caller.lending.decide({
    applicationId: loan.id,
    decision: "approve",
    reason: "Affordable",
  });
  if (options.disbursedAt) {
    await activateLoan(harness.serviceContext(), loan.id, options.disbursedAt, "Africa/Nairobi");
  }
  return { owner, businessId, loan };
}
