import { context, isSpanContextValid, trace } from "@opentelemetry/api";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { ExpressInstrumentation } from "@opentelemetry/instrumentation-express";
import { HttpInstrumentation } from "@opentelemetry/instrumentation-http";
import { IORedisInstrumentation } from "@opentelemetry/instrumentation-ioredis";
import { PgInstrumentation } from "@opentelemetry/instrumentation-pg";
import { UndiciInstrumentation } from "@opentelemetry/instrumentation-undici";
import { NodeSDK } from "@opentelemetry/sdk-node";

export interface TelemetryOptions {
  serviceName: string;
  serviceVersion?: string;
  environment: string;
  /** Base OTLP/HTTP endpoint (traces go to `<endpoint>/v1/traces`), or the full traces URL. */
  endpoint?: string | undefined;
  tracesEndpoint?: string | undefined;
}

export interface Telemetry {
  shutdown(): Promise<void>;
}

/**
 * Starts tracing for one process: inbound HTTP and Express routes, PostgreSQL queries, Redis commands and
 * outbound fetch (Daraja), exported over OTLP/HTTP. Queue hops are joined by our job contracts, which carry the
 * trace context from `enqueue` to the worker (see @kavi/jobs). Returns null when no endpoint is configured.
 */
let active: Telemetry | null = null;

/** Flushes and stops tracing if it was started (call it in graceful shutdown, before exiting). */
export async function shutdownTelemetry(): Promise<void> {
  const current = active;
  active = null;
  await current?.shutdown();
}

export function startTelemetry(options: TelemetryOptions): Telemetry | null {
  const url =
    options.tracesEndpoint ??
    (options.endpoint ? `${options.endpoint.replace(/\/$/, "")}/v1/traces` : undefined);
  if (!url) return null;
  const sdk = new NodeSDK({
    serviceName: options.serviceName,
    traceExporter: new OTLPTraceExporter({ url }),
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => /^\/(api\/(health|live)|metrics)/.test(request.url ?? ""),
      }),
      new ExpressInstrumentation(),
      new PgInstrumentation({ enhancedDatabaseReporting: false }),
      new IORedisInstrumentation(),
      new UndiciInstrumentation(),
    ],
  });
  sdk.start();
  active = { shutdown: () => sdk.shutdown() };
  return active;
}

/** For pino's `mixin`: the active trace and span ids, so every log line can be found from its trace. */
export function traceFieldsForLogs(): { traceId?: string; spanId?: string } {
  const span = trace.getSpan(context.active());
  if (!span) return {};
  const spanContext = span.spanContext();
  return isSpanContextValid(spanContext) ? { traceId: spanContext.traceId, spanId: spanContext.spanId } : {};
}
