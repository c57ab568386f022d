import { describe, expect, it } from "vitest";
import { arrearsSinceOf, dueLoanReminder } from "./reminders";
import type { InstalmentState } from "./repayment";

function instalment(number: number, dueDate: string, paid = false): InstalmentState {
  return {
    number,
    dueDate,
    principalMinor: 1_000_000n,
    interestMinor: 90_000n,
    feeMinor: 20_000n,
    penaltyMinor: 0n,
    principalPaidMinor: paid ? 1_000_000n : 0n,
    interestPaidMinor: paid ? 90_000n : 0n,
    feePaidMinor: paid ? 20_000n : 0n,
    penaltyPaidMinor: 0n,
    interestWaivedMinor: 0n,
  };
}

const LOAN = [instalment(1, "2026-02-10", true), instalment(2, "2026-03-10"), instalment(3, "2026-04-10")];

describe("loan reminders", () => {
  it.each([
    ["2026-03-06", null],
    ["2026-03-07", -3],
    ["2026-03-09", -3],
    ["2026-03-10", 0],
    ["2026-03-11", 1],
    ["2026-03-16", 1],
    ["2026-03-17", 7],
    ["2026-04-09", 30],
  ] as const)("on %s follows the oldest unpaid instalment (offset %s)", (today, offset) => {
    const due = dueLoanReminder(LOAN, today, []);
    expect(due?.offsetDays ?? null).toBe(offset);
    if (due) expect(due.instalmentNumber).toBe(2);
  });

  it("sends each offset once and never a stale earlier one", () => {
    expect(dueLoanReminder(LOAN, "2026-03-12", [{ instalmentNumber: 2, offsetDays: 1 }])).toBeNull();
    // Missed days: on day 8 only the 7-day reminder is due, even though 1 was never sent.
    expect(dueLoanReminder(LOAN, "2026-03-18", [])?.offsetDays).toBe(7);
  });

  it("says nothing for a settled loan, and marks arrears from the oldest overdue due date", () => {
    const settled = LOAN.map((row) => instalment(row.number, row.dueDate, true));
    expect(dueLoanReminder(settled, "2026-05-01", [])).toBeNull();
    expect(arrearsSinceOf(LOAN, "2026-03-10")).toBeNull();
    expect(arrearsSinceOf(LOAN, "2026-03-11")).toBe("2026-03-10");
    expect(arrearsSinceOf(settled, "2026-05-01")).toBeNull();
  });
});
