import { performance } from "node:perf_hooks";

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
