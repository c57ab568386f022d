import type { JobQueue } from "@kavi/jobs";
import { readQueueDepths } from "@kavi/jobs";

/**
 * Queue metrics as CloudWatch Embedded Metric Format lines on stdout: CloudWatch Logs turns them into metrics
 * (namespace KAVI/Queues) that scale the worker service and drive the queue alarms; no AWS SDK needed.
 */
export async function emitQueueMetrics(
  jobs: JobQueue,
  environment: string,
  previousFailed: Map<string, number>,
) {
  const depths = await readQueueDepths(jobs);
  const waiting = depths.reduce((sum, depth) => sum + depth.waiting + depth.delayed, 0);
  const oldest = Math.max(0, ...depths.map((depth) => depth.oldestWaitingAgeSeconds));
  let failedSinceLast = 0;
  for (const depth of depths) {
    const before = previousFailed.get(depth.queue);
    if (before !== undefined) failedSinceLast += Math.max(0, depth.failed - before);
    previousFailed.set(depth.queue, depth.failed);
  }
  const line = {
    _aws: {
      Timestamp: Date.now(),
      CloudWatchMetrics: [
        {
          Namespace: "KAVI/Queues",
          Dimensions: [["Environment"]],
          Metrics: [
            { Name: "WaitingJobs", Unit: "Count" },
            { Name: "OldestWaitingJobAgeSeconds", Unit: "Seconds" },
            { Name: "FailedJobs", Unit: "Count" },
          ],
        },
      ],
    },
    Environment: environment,
    WaitingJobs: waiting,
    OldestWaitingJobAgeSeconds: oldest,
    FailedJobs: failedSinceLast,
    queues: depths,
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
  return line;
}

/** What became of one `speech.synthesize` attempt: audio made, already there, given up, or thrown for a retry. */
export type SpeechJobOutcome = "ready" | "skipped" | "failed" | "retrying";

/**
 * One speech job's outcome as fields for the worker's log line "speech synthesized": an Embedded Metric Format
 * block (namespace KAVI/Assistant, dimension `environment`, which the logger adds to every line) that CloudWatch
 * turns into SpeechSynthesized / SpeechFailed / SpeechRetried / SpeechSynthesisMs, and a `speech` object the
 * dashboard's assistant speech widget queries. The worker has no /metrics: this is how its outcomes get counted.
 */
export function speechJobMetricFields(outcome: SpeechJobOutcome, durationMs: number, timestamp: number) {
  return {
    _aws: {
      Timestamp: timestamp,
      CloudWatchMetrics: [
        {
          Namespace: "KAVI/Assistant",
          Dimensions: [["environment"]],
          Metrics: [
            { Name: "SpeechSynthesized", Unit: "Count" },
            { Name: "SpeechFailed", Unit: "Count" },
            { Name: "SpeechRetried", Unit: "Count" },
            { Name: "SpeechSynthesisMs", Unit: "Milliseconds" },
          ],
        },
      ],
    },
    SpeechSynthesized: outcome === "ready" ? 1 : 0,
    SpeechFailed: outcome === "failed" ? 1 : 0,
    SpeechRetried: outcome === "retrying" ? 1 : 0,
    SpeechSynthesisMs: Math.round(durationMs),
    speech: {
      outcome,
      synthesized: outcome === "ready" ? 1 : 0,
      failed: outcome === "failed" ? 1 : 0,
      retried: outcome === "retrying" ? 1 : 0,
      durationMs: Math.round(durationMs),
    },
  };
}
