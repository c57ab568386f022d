import { type Context, context, propagation, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";

/**
 * Trace context travels with the job, so a trace runs from the HTTP request that enqueued it to the worker that
 * ran it. Without a tracing SDK registered, these calls are no-ops.
 */
export const TRACE_CARRIER_KEY = "__trace";

const tracer = trace.getTracer("@kavi/jobs");

export type TraceCarrier = Record<string, string>;

/** Opens a producer span for the enqueue and returns the carrier to store with the job. */
export async function withProducerSpan<T>(
  jobName: string,
  queueName: string,
  work: (carrier: TraceCarrier | null) => Promise<T>,
): Promise<T> {
  return tracer.startActiveSpan(
    `enqueue ${jobName}`,
    {
      kind: SpanKind.PRODUCER,
      attributes: { "messaging.system": "bullmq", "messaging.destination.name": queueName },
    },
    async (span) => {
      try {
        const carrier: TraceCarrier = {};
        propagation.inject(context.active(), carrier);
        return await work(Object.keys(carrier).length > 0 ? carrier : null);
      } catch (error) {
        span.recordException(error as Error);
        span.setStatus({ code: SpanStatusCode.ERROR });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

function parentContext(carrier: unknown): Context {
  return carrier && typeof carrier === "object"
    ? propagation.extract(context.active(), carrier)
    : context.active();
}

/** Runs a job handler inside a consumer span that continues the enqueuing request's trace. */
export function withConsumerSpan<T>(
  jobName: string,
  queueName: string,
  jobId: string | undefined,
  carrier: unknown,
  work: () => Promise<T>,
): Promise<T> {
  return tracer.startActiveSpan(
    `process ${jobName}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        "messaging.system": "bullmq",
        "messaging.destination.name": queueName,
        ...(jobId ? { "messaging.message.id": jobId } : {}),
      },
    },
    parentContext(carrier),
    async (span) => {
      try {
        return await work();
      } catch (error) {
        span.recordException(error as Error);
        span.setStatus({ code: SpanStatusCode.ERROR });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}
