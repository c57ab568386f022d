import type { loanProducts, loans } from "@kavi/db";
import { type LoanTerms, maxBigint, type RepaymentSchedule } from "@kavi/domain";

type TLoanRow = typeof loans.$inferSelect;
type TProductRow = typeof loanProducts.$inferSelect;

/** The schedule terms a loan was agreed on (copied from its product at application). */
export function termsOfLoan(loan: TLoanRow): LoanTerms {
  return {
    principalMinor: loan.principalMinor,
    tenorCount: loan.tenorCount,
    tenorUnit: loan.tenorUnit,
    interestMethod: loan.interestMethod,
    annualInterestRateBps: loan.annualInterestRateBps,
    feeRateBps: loan.feeRateBps,
    feeFixedMinor: loan.feeFixedMinor,
  };
}

export function termsOfProduct(product: TProductRow, principalMinor: bigint, tenorCount: number): LoanTerms {
  return {
    principalMinor,
    tenorCount,
    tenorUnit: product.tenorUnit,
    interestMethod: product.interestMethod,
    annualInterestRateBps: product.annualInterestRateBps,
    feeRateBps: product.feeRateBps,
    feeFixedMinor: product.feeFixedMinor,
  };
}

/** The largest instalment, the figure affordability is judged on. */
export function largestInstalmentMinor(schedule: RepaymentSchedule): bigint {
  return schedule.instalments.reduce((largest, instalment) => maxBigint(largest, instalment.totalMinor), 0n);
}

export type { TLoanRow, TProductRow };
