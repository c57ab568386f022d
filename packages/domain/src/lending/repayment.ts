/**
 * What a loan owes on a day and how a repayment is split. A repayment pays the oldest instalment first and,
 * within an instalment, penalty, then fee, then interest, then principal (the order Kenyan lenders disclose).
 */
import { daysBetween } from "../ledger/dates";
import { maxBigint, minBigint, mulDivRound, type RepaymentSchedule } from "./schedule";

export const REPAYMENT_COMPONENTS = ["penalty", "fee", "interest", "principal"] as const;
export type RepaymentComponent = (typeof REPAYMENT_COMPONENTS)[number];

export interface InstalmentState {
  number: number;
  dueDate: string;
  principalMinor: bigint;
  interestMinor: bigint;
  feeMinor: bigint;
  penaltyMinor: bigint;
  principalPaidMinor: bigint;
  interestPaidMinor: bigint;
  feePaidMinor: bigint;
  penaltyPaidMinor: bigint;
  /** Interest not charged because the loan was settled early. */
  interestWaivedMinor: bigint;
}

export type ComponentAmounts = Record<RepaymentComponent, bigint>;

export const ZERO_COMPONENTS: ComponentAmounts = { penalty: 0n, fee: 0n, interest: 0n, principal: 0n };

export function unpaidComponents(instalment: InstalmentState): ComponentAmounts {
  return {
    penalty: instalment.penaltyMinor - instalment.penaltyPaidMinor,
    fee: instalment.feeMinor - instalment.feePaidMinor,
    interest: instalment.interestMinor - instalment.interestWaivedMinor - instalment.interestPaidMinor,
    principal: instalment.principalMinor - instalment.principalPaidMinor,
  };
}

export function sumComponents(amounts: ComponentAmounts): bigint {
  return amounts.penalty + amounts.fee + amounts.interest + amounts.principal;
}

export function addComponents(a: ComponentAmounts, b: ComponentAmounts): ComponentAmounts {
  return {
    penalty: a.penalty + b.penalty,
    fee: a.fee + b.fee,
    interest: a.interest + b.interest,
    principal: a.principal + b.principal,
  };
}

export function unpaidMinor(instalment: InstalmentState): bigint {
  return sumComponents(unpaidComponents(instalment));
}

export function outstandingMinor(instalments: readonly InstalmentState[]): bigint {
  return instalments.reduce((total, instalment) => total + unpaidMinor(instalment), 0n);
}

export interface PenaltyPolicy {
  /** Charged on the overdue amount (principal, interest and fee), per 30 days late, accrued daily. */
  penaltyRateBps: number;
  /** Days after the due date before any penalty accrues. */
  graceDays: number;
}

/** The penalty an instalment has earned by `asOf`: never less than what was already charged. */
export function accruedPenaltyMinor(
  instalment: InstalmentState,
  policy: PenaltyPolicy,
  asOf: string,
): bigint {
  const daysLate = daysBetween(instalment.dueDate, asOf);
  const unpaid = unpaidComponents(instalment);
  const overdue = unpaid.principal + unpaid.interest + unpaid.fee;
  if (daysLate <= policy.graceDays || overdue <= 0n) return instalment.penaltyMinor;
  const earned = mulDivRound(
    overdue * BigInt(policy.penaltyRateBps),
    BigInt(daysLate - policy.graceDays),
    300_000n,
  );
  return maxBigint(instalment.penaltyMinor, earned);
}

export interface ArrearsSummary {
  overdueMinor: bigint;
  overdueInstalments: number;
  /** Days since the oldest unpaid instalment fell due; 0 when nothing is overdue. */
  daysPastDue: number;
}

export function summariseArrears(instalments: readonly InstalmentState[], asOf: string): ArrearsSummary {
  let overdueMinor = 0n;
  let overdueInstalments = 0;
  let daysPastDue = 0;
  for (const instalment of instalments) {
    const unpaid = unpaidMinor(instalment);
    if (instalment.dueDate >= asOf || unpaid <= 0n) continue;
    overdueMinor += unpaid;
    overdueInstalments += 1;
    daysPastDue = Math.max(daysPastDue, daysBetween(instalment.dueDate, asOf));
  }
  return { overdueMinor, overdueInstalments, daysPastDue };
}

export interface RepaymentAllocation {
  instalments: InstalmentState[];
  applied: ComponentAmounts;
  /** What the loan could not absorb (an overpayment), to refund or hold. */
  unappliedMinor: bigint;
}

export function allocateRepayment(
  instalments: readonly InstalmentState[],
  amountMinor: bigint,
): RepaymentAllocation {
  if (amountMinor <= 0n) throw new RangeError("a repayment must be positive");
  let remaining = amountMinor;
  const applied = { ...ZERO_COMPONENTS };
  const next = [...instalments]
    .sort((a, b) => a.number - b.number)
    .map((instalment) => {
      const updated = { ...instalment };
      const unpaid = unpaidComponents(instalment);
      for (const component of REPAYMENT_COMPONENTS) {
        const paid = minBigint(remaining, unpaid[component]);
        if (paid <= 0n) continue;
        remaining -= paid;
        applied[component] += paid;
        updated[PAID_FIELD[component]] += paid;
      }
      return updated;
    });
  return { instalments: next, applied, unappliedMinor: remaining };
}

const PAID_FIELD = {
  penalty: "penaltyPaidMinor",
  fee: "feePaidMinor",
  interest: "interestPaidMinor",
  principal: "principalPaidMinor",
} as const satisfies Record<RepaymentComponent, keyof InstalmentState>;

/**
 * Early settlement: everything owed up to and including the current period, plus all remaining principal and
 * fees; interest of later periods is waived. Returns the schedule with that interest waived and the amount.
 */
export function settlementQuote(
  instalments: readonly InstalmentState[],
  asOf: string,
): { instalments: InstalmentState[]; amountMinor: bigint; interestWaivedMinor: bigint } {
  const sorted = [...instalments].sort((a, b) => a.number - b.number);
  const current = sorted.find((instalment) => instalment.dueDate >= asOf);
  let interestWaivedMinor = 0n;
  const waived = sorted.map((instalment) => {
    if (!current || instalment.number <= current.number) return { ...instalment };
    const unpaidInterest = unpaidComponents(instalment).interest;
    interestWaivedMinor += unpaidInterest;
    return { ...instalment, interestWaivedMinor: instalment.interestWaivedMinor + unpaidInterest };
  });
  return { instalments: waived, amountMinor: outstandingMinor(waived), interestWaivedMinor };
}

/** A new schedule's instalments with nothing paid yet. */
export function unpaidInstalments(schedule: RepaymentSchedule): InstalmentState[] {
  return schedule.instalments.map((instalment) => ({
    number: instalment.number,
    dueDate: instalment.dueDate,
    principalMinor: instalment.principalMinor,
    interestMinor: instalment.interestMinor,
    feeMinor: instalment.feeMinor,
    penaltyMinor: 0n,
    principalPaidMinor: 0n,
    interestPaidMinor: 0n,
    feePaidMinor: 0n,
    penaltyPaidMinor: 0n,
    interestWaivedMinor: 0n,
  }));
}
