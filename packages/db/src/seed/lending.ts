import { eq } from "drizzle-orm";
import type { Database } from "../client";
import { loanProducts, users } from "../schema";

/**
 * Two products a platform's lender might publish, so the demo's Loans screen shows offers a business with good
 * books qualifies for, and the lending desk has products to edit. Rates in basis points: interest a year, the
 * processing fee on the amount, the penalty per 30 days of arrears.
 */
export const DEMO_LOAN_PRODUCTS = [
  {
    name: "Working capital",
    description: "For stock, payroll or a large order: repaid monthly over up to six months.",
    minAmountMinor: 1_000_000n,
    maxAmountMinor: 50_000_000n,
    tenorUnit: "month",
    minTenor: 1,
    maxTenor: 6,
    interestMethod: "reducing_balance",
    annualInterestRateBps: 1_800,
    feeRateBps: 200,
    feeFixedMinor: 0n,
    penaltyRateBps: 500,
    penaltyGraceDays: 3,
    minCreditScore: 600,
  },
  {
    name: "Stock top-up",
    description: "A small, quick advance for restocking, repaid weekly.",
    minAmountMinor: 500_000n,
    maxAmountMinor: 10_000_000n,
    tenorUnit: "week",
    minTenor: 2,
    maxTenor: 12,
    interestMethod: "flat",
    annualInterestRateBps: 2_400,
    feeRateBps: 100,
    feeFixedMinor: 10_000n,
    penaltyRateBps: 500,
    penaltyGraceDays: 2,
    minCreditScore: 500,
  },
] as const satisfies readonly Omit<typeof loanProducts.$inferInsert, "currency" | "active">[];

/** Adds the demo's loan products the platform does not have yet (by name); an edited product is left alone. */
export async function seedDemoLoanProducts(db: Database, operatorEmail: string): Promise<void> {
  const existing = new Set(
    (await db.select({ name: loanProducts.name }).from(loanProducts)).map((row) => row.name),
  );
  const missing = DEMO_LOAN_PRODUCTS.filter((product) => !existing.has(product.name));
  if (missing.length === 0) return;
  const [operator] = await db.select({ id: users.id }).from(users).where(eq(users.email, operatorEmail));
  await db
    .insert(loanProducts)
    .values(missing.map((product) => ({ ...product, createdByUserId: operator?.id ?? null })));
}
