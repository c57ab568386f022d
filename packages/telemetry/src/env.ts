import { z } from "zod";

/**
 * Tracing is off unless an OTLP endpoint is configured (the standard OpenTelemetry variables), so a laptop or a
 * test run pays nothing for it.
 */
const ZTelemetryEnvSchema = z.object({
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.url().optional(),
  OTEL_SERVICE_NAME: z.string().optional(),
  OTEL_TRACES_SAMPLER_ARG: z.coerce.number().min(0).max(1).optional(),
  KAVI_ENVIRONMENT: z.string().default("local"),
});

export type TelemetryEnv = z.output<typeof ZTelemetryEnvSchema>;

export function loadTelemetryEnv(source: Record<string, string | undefined> = process.env): TelemetryEnv {
  return ZTelemetryEnvSchema.parse(source);
}
