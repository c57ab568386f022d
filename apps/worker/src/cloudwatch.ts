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
