/**
 * Load with `node --import` (or `tsx --import`) before the app, so the instrumentations can patch ESM
 * imports of express, pg and ioredis. Does nothing unless OTEL_EXPORTER_OTLP_ENDPOINT is set.
 */
import { register } from "node:module";
import { loadTelemetryEnv } from "./env";
import { shutdownTelemetry, startTelemetry } from "./index";

const env = loadTelemetryEnv();
if (env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) {
  register("@opentelemetry/instrumentation/hook.mjs", import.meta.url);
  startTelemetry({
    serviceName: env.OTEL_SERVICE_NAME ?? "kavi",
    environment: env.KAVI_ENVIRONMENT,
    endpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT,
    tracesEndpoint: env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT,
  });
  // The apps flush in their graceful shutdown; this covers scripts that simply run to the end.
  process.once("beforeExit", () => void shutdownTelemetry());
}
