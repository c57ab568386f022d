import { Duration } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import type { KaviEnvironmentConfig } from "./config";

/**
 * The worker publishes these every 60 s as CloudWatch Embedded Metric Format lines on stdout
 * (contract with apps/worker): namespace `KAVI/Queues`, dimension `Environment` = KAVI_ENVIRONMENT.
 */
export const QUEUE_METRICS_NAMESPACE = "KAVI/Queues";

export const QueueMetricNames = {
  /** Waiting + delayed jobs across all queues. */
  waitingJobs: "WaitingJobs",
  oldestWaitingJobAgeSeconds: "OldestWaitingJobAgeSeconds",
  /** Jobs that failed (exhausted their retries) during the last interval. */
  failedJobs: "FailedJobs",
} as const;

type QueueMetricName = (typeof QueueMetricNames)[keyof typeof QueueMetricNames];

export function queueMetric(
  config: KaviEnvironmentConfig,
  metricName: QueueMetricName,
  options: { statistic: "Maximum" | "Sum" | "Average"; period?: Duration; label?: string },
): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: QUEUE_METRICS_NAMESPACE,
    metricName,
    dimensionsMap: { Environment: config.name },
    statistic: options.statistic,
    period: options.period ?? Duration.minutes(1),
    label: options.label,
  });
}
