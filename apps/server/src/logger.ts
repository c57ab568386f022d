import { traceFieldsForLogs } from "@kavi/telemetry";
import { type Logger as PinoLogger, pino } from "pino";

export function createLogger(options: {
  level: string;
  pretty: boolean;
  service: string;
  environment: string;
}): PinoLogger {
  return pino({
    level: options.level,
    base: { service: options.service, environment: options.environment },
    // Trace and span ids beside the request id on every line written while a span is active.
    mixin: traceFieldsForLogs,
    redact: {
      paths: [
        "req.headers.authorization",
        "req.headers.cookie",
        'res.headers["set-cookie"]',
        "*.password",
        "*.currentPassword",
        "*.newPassword",
        "*.token",
      ],
      censor: "[redacted]",
    },
    timestamp: pino.stdTimeFunctions.isoTime,
    ...(options.pretty
      ? {
          transport: {
            target: "pino-pretty",
            options: {
              colorize: true,
              translateTime: "SYS:HH:MM:ss",
              ignore: "pid,hostname,service,environment",
            },
          },
        }
      : {}),
  });
}
