import type { AfterCommit } from "../unit-of-work";

/** New uncategorised rows of a business are gathered into windows of this length, one pass per window. */
export const CATEGORISATION_WINDOW_MS = 10_000;

/**
 * Asks for a categorisation pass after the caller's transaction commits, like the budget check: every row left
 * without a category inside one window shares one job, which runs just after the window closes.
 */
export function scheduleCategorisation(
  afterCommit: AfterCommit,
  businessId: string,
  nowMs = Date.now(),
): void {
  const windowEnd =
    Math.floor(nowMs / CATEGORISATION_WINDOW_MS) * CATEGORISATION_WINDOW_MS + CATEGORISATION_WINDOW_MS;
  afterCommit.enqueue(
    "categorisation.run",
    { businessId },
    { jobId: `categorisation-new-${businessId}-${windowEnd}`, delayMs: windowEnd - nowMs + 500 },
  );
}
