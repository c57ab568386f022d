import { performance } from "node:perf_hooks";
import { type Span, slowSpan } from "./hiccups";

export interface LoadResult {
  label: string;
  requests: number;
  errors: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /**
   * Open loop only: how late the load generator sent its requests (from when each was due to when it went out),
   * p95 and max. A tail here is the generator's own stall, not the server's.
   */
  sendLateP95?: number;
  sendLateMax?: number;
  /** Open loop only: the measured window and each slow request, as epoch-ms spans (bench/hiccups.ts). */
  window?: Span;
  slow?: Span[];
}

function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

/**
 * Closed-loop load: `concurrency` workers each send a request, wait for the whole answer, and send the next,
 * for `durationMs` after a warm-up whose requests are not counted. Latency is measured per request.
 */
export async function runLoad(options: {
  label: string;
  concurrency: number;
  durationMs: number;
  warmupMs: number;
  request: () => Promise<void>;
  /** Called once when the warm-up ends and counting starts (to read the server's counters at that moment). */
  onMeasureStart?: () => void;
}): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: unknown = null;
  let measuring = false;
  let stopAt = Number.POSITIVE_INFINITY;
  const worker = async () => {
    while (performance.now() < stopAt) {
      const started = performance.now();
      try {
        await options.request();
        if (measuring) latencies.push(performance.now() - started);
      } catch (error) {
        if (measuring) errors += 1;
        firstError ??= error;
      }
    }
  };
  const warmupEnd = performance.now() + options.warmupMs;
  stopAt = warmupEnd + options.durationMs;
  const workers = Array.from({ length: options.concurrency }, () => worker());
  await new Promise((resolve) => setTimeout(resolve, options.warmupMs));
  measuring = true;
  options.onMeasureStart?.();
  const measureStart = performance.now();
  await Promise.all(workers);
  const seconds = (performance.now() - measureStart) / 1000;
  if (firstError && errors > 0) console.error(`  ${options.label}: first error`, firstError);
  const sorted = latencies.sort((a, b) => a - b);
  return {
    label: options.label,
    requests: sorted.length,
    errors,
    seconds,
    perSecond: sorted.length / seconds,
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
    max: sorted.at(-1) ?? Number.NaN,
  };
}

/**
 * Open-loop load at a fixed rate: a request is started every 1/rate seconds whether or not earlier ones have
 * answered (as real users arrive), and each latency is counted from when its request was due, so a slow server
 * cannot hide its queueing (no coordinated omission). This is how the specification states its target:
 * p95 at a given request rate.
 */
export async function runRate(options: {
  label: string;
  ratePerSecond: number;
  durationMs: number;
  warmupMs: number;
  request: () => Promise<void>;
  /** Called once, just before the first counted request is sent. */
  onMeasureStart?: () => void;
}): Promise<LoadResult> {
  const latencies: number[] = [];
  const slow: Span[] = [];
  let errors = 0;
  let started = false;
  const intervalMs = 1000 / options.ratePerSecond;
  const start = performance.now();
  const measureFrom = start + options.warmupMs;
  const end = measureFrom + options.durationMs;
  const inFlight: Promise<void>[] = [];
  const sendLate: number[] = [];
  for (let index = 0; ; index += 1) {
    const due = start + index * intervalMs;
    if (due >= end) break;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const counted = due >= measureFrom;
    if (counted && !started) {
      started = true;
      options.onMeasureStart?.();
    }
    if (counted) sendLate.push(performance.now() - due);
    inFlight.push(
      options.request().then(
        () => {
          if (!counted) return;
          const latency = performance.now() - due;
          latencies.push(latency);
          const span = slowSpan(due, latency);
          if (span) slow.push(span);
        },
        () => {
          if (counted) errors += 1;
        },
      ),
    );
  }
  await Promise.all(inFlight);
  const seconds = options.durationMs / 1000;
  const sorted = latencies.sort((a, b) => a - b);
  const late = sendLate.sort((a, b) => a - b);
  return {
    label: options.label,
    requests: sorted.length,
    errors,
    seconds,
    perSecond: sorted.length / seconds,
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
    max: sorted.at(-1) ?? Number.NaN,
    sendLateP95: percentile(late, 0.95),
    sendLateMax: late.at(-1) ?? Number.NaN,
    window: { start: performance.timeOrigin + measureFrom, end: performance.timeOrigin + performance.now() },
    slow,
  };
}
