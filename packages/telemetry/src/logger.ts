import { type DestinationStream, type Logger, pino } from "pino";
import { traceFieldsForLogs } from "./index";

/**
 * The one logger factory for the server and the worker: the same redaction, the same error serializer, trace ids
 * on every line written inside a span.
 */

/** Keys whose values never reach a log line: credentials and tokens, at the top level and one level down. */
const SECRET_KEYS = [
  "password",
  "currentPassword",
  "newPassword",
  "token",
  "accessToken",
  "refreshToken",
  "callbackToken",
  "secret",
  "consumerKey",
  "consumerSecret",
  "passkey",
  "securityCredential",
  "authorization",
  "cookie",
];

export const LOG_REDACT_PATHS: readonly string[] = [
  "req.headers.authorization",
  "req.headers.cookie",
  'req.headers["x-origin-verify"]',
  'res.headers["set-cookie"]',
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((key) => `*.${key}`),
];

const MAX_CAUSE_DEPTH = 5;
/** Fields that carry row values: drizzle's bound parameters, PostgreSQL's "Key (email)=(a@b.ke) already exists". */
const VALUE_BEARING_FIELDS = new Set(["params", "parameters", "detail", "where", "internalQuery"]);

/**
 * Errors as log lines, without the data they carry: drizzle's "Failed query" errors put every bound parameter
 * (amounts, phone numbers, emails, ciphertexts) in their message and in `params`, and PostgreSQL's errors quote
 * row values in `detail`. The SQL text, error codes and constraint names stay: they are what a fix needs.
 */
export function serializeErrorForLog(error: unknown, depth = 0): unknown {
  if (!(error instanceof Error)) return error;
  const record = error as Error & Record<string, unknown>;
  const fromQuery = typeof record.query === "string" && "params" in record;
  // PostgreSQL's data exceptions (SQLSTATE class 22) quote the offending value in their message.
  const quotesValue = typeof record.code === "string" && record.code.startsWith("22") && "severity" in record;
  const message = fromQuery
    ? `Failed query: ${String(record.query)}`
    : quotesValue
      ? error.message.replace(/"[^"]*"/g, '"[redacted]"')
      : error.message;
  const out: Record<string, unknown> = { type: error.constructor?.name ?? error.name, message };
  if (error.stack)
    out.stack = message === error.message ? error.stack : error.stack.replace(error.message, message);
  for (const key of Object.keys(record)) {
    if (key === "message" || key === "stack" || key === "cause") continue;
    out[key] = VALUE_BEARING_FIELDS.has(key) ? "[redacted]" : record[key];
  }
  if (record.cause !== undefined && depth < MAX_CAUSE_DEPTH) {
    out.cause = serializeErrorForLog(record.cause, depth + 1);
  }
  return out;
}

export interface LoggerOptions {
  level: string;
  pretty: boolean;
  service: string;
  environment: string;
}

/** A destination is for tests (a stream to read the lines back); without one, stdout or pino-pretty. */
export function createLogger(options: LoggerOptions, destination?: DestinationStream): Logger {
  const settings = {
    level: options.level,
    base: { service: options.service, environment: options.environment },
    mixin: traceFieldsForLogs,
    redact: { paths: [...LOG_REDACT_PATHS], censor: "[redacted]" },
    serializers: { err: serializeErrorForLog },
    timestamp: pino.stdTimeFunctions.isoTime,
    ...(options.pretty && !destination
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
  };
  return destination ? pino(settings, destination) : pino(settings);
}
