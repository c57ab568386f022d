import { readFileSync } from "node:fs";

/** What the server's and worker's log said at warning level or above during a run, counted. */
export interface AppLogSummary {
  /** Lines at warning level or above. */
  lines: number;
  /** Jobs that used up their attempts ("job failed for good"). */
  failedForGood: number;
  /** "service: message (cause)" → count, most frequent first. */
  top: [string, number][];
}

/**
 * Reads a pino log (one JSON object a line; Node's own warnings and other text lines are skipped) and counts its
 * warnings and errors by service, message and the error's innermost message. The load test found its first bugs
 * in this log (a job result that could not be stored, a pool the worker deadlocked), so it prints this itself.
 */
export function summariseAppLog(file: string): AppLogSummary {
  const counts = new Map<string, number>();
  let lines = 0;
  let failedForGood = 0;
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (!line.startsWith("{")) continue;
    let entry: { level?: number; service?: string; msg?: string; job?: string; err?: ErrorShape };
    try {
      entry = JSON.parse(line);
    } catch {
      continue;
    }
    if ((entry.level ?? 0) < 40) continue;
    lines += 1;
    if (entry.msg === "job failed for good") failedForGood += 1;
    const cause = innermost(entry.err);
    const key = `${entry.service ?? "?"}: ${entry.msg ?? "?"}${entry.job ? ` [${entry.job}]` : ""}${cause ? ` (${cause.slice(0, 80)})` : ""}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const top = [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8);
  return { lines, failedForGood, top };
}

interface ErrorShape {
  message?: string;
  cause?: ErrorShape;
}

function innermost(error: ErrorShape | undefined): string | null {
  let current = error;
  while (current?.cause) current = current.cause;
  return current?.message ?? null;
}
