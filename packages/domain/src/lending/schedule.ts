/**
 * Loan repayment schedules, exact in minor units. Every division rounds half up once, and the last instalment
 * absorbs what rounding left over, so a schedule always sums to principal + interest + fees to the cent.
 */
import { addDays, addMonths } from "../ledger/dates";

export const INTEREST_METHODS = ["flat", "reducing_balance"] as const;
export type InterestMethod = (typeof INTEREST_METHODS)[number];

export const TENOR_UNITS = ["month", "week"] as const;
export type TenorUnit = (typeof TENOR_UNITS)[number];

/** Rates are nominal per year in basis points (18 % a year = 1800); a period is a month or a week. */
export const PERIODS_PER_YEAR: Record<TenorUnit, bigint> = { month: 12n, week: 52n };
const BASIS_POINTS = 10_000n;

export interface LoanTerms {
  principalMinor: bigint;
  tenorCount: number;
  tenorUnit: TenorUnit;
  interestMethod: InterestMethod;
  annualInterestRateBps: number;
  /** A processing fee as a share of principal plus a fixed part; both spread over the instalments. */
  feeRateBps: number;
  feeFixedMinor: bigint;
}

export interface ScheduleInstalment {
  /** 1-based. */
  number: number;
  dueDate: string;
  principalMinor: bigint;
  interestMinor: bigint;
  feeMinor: bigint;
  totalMinor: bigint;
  /** Principal still owed after this instalment is paid. */
  balanceAfterMinor: bigint;
}

export interface RepaymentSchedule {
  instalments: ScheduleInstalment[];
  principalMinor: bigint;
  interestMinor: bigint;
  feesMinor: bigint;
  totalMinor: bigint;
}

/** a × b / c rounded half up, for non-negative a, b and positive c. */
export function mulDivRound(a: bigint, b: bigint, c: bigint): bigint {
  return (a * b * 2n + c) / (2n * c);
}

export function loanFeeMinor(
  terms: Pick<LoanTerms, "principalMinor" | "feeRateBps" | "feeFixedMinor">,
): bigint {
  return mulDivRound(terms.principalMinor, BigInt(terms.feeRateBps), BASIS_POINTS) + terms.feeFixedMinor;
}

/** The due date of instalment `number` (1-based) for a loan disbursed on `startDate`; months never drift. */
export function instalmentDueDate(startDate: string, unit: TenorUnit, number: number): string {
  return unit === "week" ? addDays(startDate, 7 * number) : addMonths(startDate, number);
}

/** Splits `total` into `count` parts that differ by at most one minor unit, the larger parts first. */
export function splitEvenly(total: bigint, count: number): bigint[] {
  const n = BigInt(count);
  const base = total / n;
  const remainder = Number(total % n);
  return Array.from({ length: count }, (_, index) => base + (index < remainder ? 1n : 0n));
}

function validateTerms(terms: LoanTerms): void {
  if (terms.principalMinor <= 0n) throw new RangeError("principal must be positive");
  if (!Number.isInteger(terms.tenorCount) || terms.tenorCount < 1 || terms.tenorCount > 520) {
    throw new RangeError("tenor must be between 1 and 520 periods");
  }
  for (const rate of [terms.annualInterestRateBps, terms.feeRateBps]) {
    if (!Number.isInteger(rate) || rate < 0 || rate > 1_000_000) throw new RangeError("rate out of range");
  }
  if (terms.feeFixedMinor < 0n) throw new RangeError("fixed fee cannot be negative");
}

/** Principal and interest per instalment, before fees. */
function principalAndInterest(terms: LoanTerms): Array<{ principal: bigint; interest: bigint }> {
  const count = terms.tenorCount;
  const rateNumerator = BigInt(terms.annualInterestRateBps);
  const rateDenominator = BASIS_POINTS * PERIODS_PER_YEAR[terms.tenorUnit];
  const principals = splitEvenly(terms.principalMinor, count);

  if (terms.interestMethod === "flat" || rateNumerator === 0n) {
    // Flat: interest on the original principal for every period, spread evenly.
    const interestTotal = mulDivRound(terms.principalMinor * rateNumerator, BigInt(count), rateDenominator);
    const interests = splitEvenly(interestTotal, count);
    return principals.map((principal, index) => ({ principal, interest: interests[index] ?? 0n }));
  }

  // Reducing balance: equal payments (an annuity) computed as an exact fraction, rounded once:
  // payment = P·r·(1+r)^n / ((1+r)^n − 1), with r = N/D, so payment = P·N·(D+N)^n / (D·((D+N)^n − D^n)).
  const growth = (rateDenominator + rateNumerator) ** BigInt(count);
  const base = rateDenominator ** BigInt(count);
  const payment = mulDivRound(
    terms.principalMinor * rateNumerator,
    growth,
    rateDenominator * (growth - base),
  );
  const rows: Array<{ principal: bigint; interest: bigint }> = [];
  let balance = terms.principalMinor;
  for (let index = 0; index < count; index += 1) {
    const interest = mulDivRound(balance, rateNumerator, rateDenominator);
    const last = index === count - 1;
    // The last instalment clears the balance exactly; rounding never leaves a cent behind.
    const principal = last ? balance : minBigint(balance, maxBigint(0n, payment - interest));
    rows.push({ principal, interest });
    balance -= principal;
  }
  return rows;
}

export function computeRepaymentSchedule(terms: LoanTerms, startDate: string): RepaymentSchedule {
  validateTerms(terms);
  const rows = principalAndInterest(terms);
  const fees = splitEvenly(loanFeeMinor(terms), terms.tenorCount);
  let balance = terms.principalMinor;
  const instalments = rows.map((row, index): ScheduleInstalment => {
    balance -= row.principal;
    const feeMinor = fees[index] ?? 0n;
    return {
      number: index + 1,
      dueDate: instalmentDueDate(startDate, terms.tenorUnit, index + 1),
      principalMinor: row.principal,
      interestMinor: row.interest,
      feeMinor,
      totalMinor: row.principal + row.interest + feeMinor,
      balanceAfterMinor: balance,
    };
  });
  const sum = (pick: (instalment: ScheduleInstalment) => bigint) =>
    instalments.reduce((total, instalment) => total + pick(instalment), 0n);
  return {
    instalments,
    principalMinor: sum((instalment) => instalment.principalMinor),
    interestMinor: sum((instalment) => instalment.interestMinor),
    feesMinor: sum((instalment) => instalment.feeMinor),
    totalMinor: sum((instalment) => instalment.totalMinor),
  };
}

export function minBigint(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

export function maxBigint(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}
