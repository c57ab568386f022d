/**
 * Which repayment reminder a loan is due today. Reminders follow the oldest instalment still unpaid: 3 days
 * before its due date, on the day, and 1, 7 and 30 days after it (the loan is then in arrears). Each (instalment,
 * offset) goes once; when the run missed days, only the latest offset reached is sent, never a stale earlier one.
 */
import { daysBetween } from "../ledger/dates";
import { type InstalmentState, unpaidComponents, unpaidMinor } from "./repayment";

/** Days from the due date (negative: before it). */
export const LOAN_REMINDER_OFFSETS = [-3, 0, 1, 7, 30] as const;
export type LoanReminderOffset = (typeof LOAN_REMINDER_OFFSETS)[number];

export interface DueLoanReminder {
  instalmentNumber: number;
  offsetDays: LoanReminderOffset;
  dueDate: string;
  /** What that instalment still owes, penalty included. */
  amountDueMinor: bigint;
  penaltyMinor: bigint;
  /** Days past its due date (0 or less: not late yet). */
  daysLate: number;
}

export function dueLoanReminder(
  instalments: readonly InstalmentState[],
  today: string,
  sent: readonly { instalmentNumber: number; offsetDays: number }[],
): DueLoanReminder | null {
  const oldest = [...instalments]
    .sort((a, b) => a.number - b.number)
    .find((instalment) => unpaidMinor(instalment) > 0n);
  if (!oldest) return null;
  const daysFromDue = daysBetween(oldest.dueDate, today);
  const reached = LOAN_REMINDER_OFFSETS.filter((offset) => offset <= daysFromDue);
  const latest = reached.at(-1);
  if (latest === undefined) return null;
  if (sent.some((row) => row.instalmentNumber === oldest.number && row.offsetDays === latest)) return null;
  return {
    instalmentNumber: oldest.number,
    offsetDays: latest,
    dueDate: oldest.dueDate,
    amountDueMinor: unpaidMinor(oldest),
    penaltyMinor: unpaidComponents(oldest).penalty,
    daysLate: daysFromDue,
  };
}

/** The due date of the oldest instalment left unpaid past it (the loan is in arrears since then), or null. */
export function arrearsSinceOf(instalments: readonly InstalmentState[], today: string): string | null {
  const overdue = [...instalments]
    .sort((a, b) => a.number - b.number)
    .find((instalment) => instalment.dueDate < today && unpaidMinor(instalment) > 0n);
  return overdue?.dueDate ?? null;
}
