import { type DbOrTx, loanProducts } from "@kavi/db";
import {
  computeRepaymentSchedule,
  localDateOf,
  parseMoney,
  type ZLoanProductInputSchema,
} from "@kavi/domain";
import { asc, desc, eq } from "drizzle-orm";
import type { z } from "zod";
import { AppError } from "../../errors";
import { recordActivity } from "../activity";
import { readCreditScore } from "../credit";
import type { ServiceContext } from "../service-context";
import type { LedgerBusiness } from "../transactions/queries";
import { inTransaction } from "../unit-of-work";
import { largestInstalmentMinor, type TProductRow, termsOfProduct } from "./terms";

/** Platform products lend in shillings (the currency the M-Pesa disbursement and repayments move). */
export const LENDING_CURRENCY = "KES";

type TLoanProductInput = z.output<typeof ZLoanProductInputSchema>;

function productValues(input: TLoanProductInput) {
  const minAmountMinor = parseMoney(input.minAmount, LENDING_CURRENCY);
  const maxAmountMinor = parseMoney(input.maxAmount, LENDING_CURRENCY);
  if (minAmountMinor > maxAmountMinor) {
    const message = "The largest amount must not be smaller than the smallest";
    throw new AppError("BAD_REQUEST", message, { fieldErrors: { maxAmount: [message] } });
  }
  return {
    name: input.name,
    description: input.description ?? null,
    currency: LENDING_CURRENCY,
    minAmountMinor,
    maxAmountMinor,
    tenorUnit: input.tenorUnit,
    minTenor: input.minTenor,
    maxTenor: input.maxTenor,
    interestMethod: input.interestMethod,
    annualInterestRateBps: input.annualInterestRate,
    feeRateBps: input.feeRate,
    feeFixedMinor: parseMoney(input.feeFixed, LENDING_CURRENCY),
    penaltyRateBps: input.penaltyRate,
    penaltyGraceDays: input.penaltyGraceDays,
    minCreditScore: input.minCreditScore,
    active: input.active,
  };
}

export async function createLoanProduct(ctx: ServiceContext, input: TLoanProductInput) {
  const values = productValues(input);
  return inTransaction(ctx, async (tx) => {
    const [product] = await tx
      .insert(loanProducts)
      .values({ ...values, createdByUserId: ctx.actor.userId })
      .returning();
    if (!product) throw new Error("createLoanProduct: insert returned nothing");
    await recordActivity(tx, ctx.actor, {
      action: "loan_product.created",
      entityType: "loan_product",
      entityId: product.id,
      businessId: null,
      metadata: { name: product.name },
    });
    return product;
  });
}

export async function updateLoanProduct(ctx: ServiceContext, productId: string, input: TLoanProductInput) {
  const values = productValues(input);
  return inTransaction(ctx, async (tx) => {
    const [product] = await tx
      .update(loanProducts)
      .set(values)
      .where(eq(loanProducts.id, productId))
      .returning();
    if (!product) throw new AppError("NOT_FOUND", "Loan product not found");
    await recordActivity(tx, ctx.actor, {
      action: "loan_product.updated",
      entityType: "loan_product",
      entityId: product.id,
      businessId: null,
      metadata: { name: product.name, active: product.active },
    });
    return product;
  });
}

export function listLoanProducts(db: DbOrTx) {
  return db.select().from(loanProducts).orderBy(desc(loanProducts.active), asc(loanProducts.name));
}

export async function findActiveProduct(db: DbOrTx, productId: string): Promise<TProductRow> {
  const [product] = await db.select().from(loanProducts).where(eq(loanProducts.id, productId));
  if (!product?.active) throw new AppError("NOT_FOUND", "This loan offer is not available");
  return product;
}

/** A business without a score yet qualifies only for products that ask for none. */
export function qualifiesFor(product: TProductRow, score: number | null): boolean {
  return product.minCreditScore === 0 || (score !== null && score >= product.minCreditScore);
}

/**
 * The offers a business qualifies for, each with an example: the largest amount over the longest tenor,
 * its largest instalment and total cost, from the exact schedule. `scoreNeeded` is the lowest credit score an
 * active product it does not yet qualify for asks (null when there is none), so an empty list can say whether
 * offers are a better score away or no lender offers loans yet.
 */
export async function listLoanOffers(db: DbOrTx, business: LedgerBusiness, now: Date) {
  const [credit, products] = await Promise.all([
    readCreditScore(db, business, now),
    db.select().from(loanProducts).where(eq(loanProducts.active, true)).orderBy(asc(loanProducts.name)),
  ]);
  const score = credit.current.score;
  const today = localDateOf(now, business.timezone);
  const scoresNeeded = products
    .filter((product) => !qualifiesFor(product, score))
    .map((product) => product.minCreditScore);
  return {
    score,
    scoreNeeded: scoresNeeded.length > 0 ? Math.min(...scoresNeeded) : null,
    offers: products
      .filter((product) => qualifiesFor(product, score))
      .map((product) => {
        const example = computeRepaymentSchedule(
          termsOfProduct(product, product.maxAmountMinor, product.maxTenor),
          today,
        );
        return {
          ...product,
          example: {
            principalMinor: example.principalMinor,
            tenor: product.maxTenor,
            instalmentMinor: largestInstalmentMinor(example),
            interestMinor: example.interestMinor,
            feesMinor: example.feesMinor,
            totalMinor: example.totalMinor,
          },
        };
      }),
  };
}

/**
 * Offers a product again or withdraws it: an inactive product is no longer offered or applied for, while loans
 * already made on it keep the terms they were agreed on (copied at application). Audited.
 */
export async function setLoanProductActive(ctx: ServiceContext, productId: string, active: boolean) {
  return inTransaction(ctx, async (tx) => {
    const [product] = await tx
      .update(loanProducts)
      .set({ active })
      .where(eq(loanProducts.id, productId))
      .returning();
    if (!product) throw new AppError("NOT_FOUND", "Loan product not found");
    await recordActivity(tx, ctx.actor, {
      action: active ? "loan_product.activated" : "loan_product.deactivated",
      entityType: "loan_product",
      entityId: product.id,
      businessId: null,
      metadata: { name: product.name },
    });
    return product;
  });
}
