import type { AfterCommit } from "../unit-of-work";

/** Budget checks for a business are gathered into windows of this length. */
export const BUDGET_CHECK_WINDOW_MS = 5_000;

/**
 * Asks for a budget check after the caller's transaction commits. Every change inside one window shares one
 * job (its id names the window), and that job runs just after the window closes, so it sees every change
 * that asked for it: a burst of M-Pesa payments costs one check, and none is missed.
 */
export function scheduleBudgetCheck(afterCommit: AfterCommit, businessId: string, nowMs = Date.now()): void {
  const windowEnd =
    Math.floor(nowMs / BUDGET_CHECK_WINDOW_MS) * BUDGET_CHECK_WINDOW_MS + BUDGET_CHECK_WINDOW_MS;
  afterCommit.enqueue(
    "budgets.check",
    { businessId },
    { jobId: `budgets-check-${businessId}-${windowEnd}`, delayMs: windowEnd - nowMs + 500 },
  );
}
