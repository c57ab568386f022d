import { emailQuotaEnvShape, emailQuotasFromEnv } from "@kavi/api/services";
import { resolveDatabaseUrl } from "@kavi/db";
import { type QueueName, queues, resolveRedisUrl } from "@kavi/jobs";
import { z } from "zod";

const booleanFromString = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((value) => value === "true" || value === "1" || value === "yes");

const queueNames = Object.keys(queues) as QueueName[];

const ZWorkerEnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    KAVI_ENVIRONMENT: z.string().default("local"),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    LOG_PRETTY: booleanFromString.optional(),
    APP_URL: z.url().default("http://localhost:5173"),
    DATABASE_URL: z.string().optional(),
    DB_HOST: z.string().optional(),
    DB_PORT: z.coerce.number().int().optional(),
    DB_NAME: z.string().optional(),
    DB_USER: z.string().optional(),
    DB_PASSWORD: z.string().optional(),
    DB_SSL: z.enum(["disable", "require"]).default("disable"),
    DB_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
    REDIS_URL: z.string().optional(),
    REDIS_HOST: z.string().optional(),
    REDIS_PORT: z.coerce.number().int().optional(),
    REDIS_PASSWORD: z.string().optional(),
    REDIS_TLS: booleanFromString.optional(),
    REDIS_PREFIX: z
      .string()
      .regex(/^[a-z0-9_-]+$/)
      .default("kavi"),
    SMTP_URL: z.string().default("smtp://127.0.0.1:1025"),
    MAIL_FROM: z.string().default("KAVI <no-reply@kavi.local>"),
    WORKER_QUEUES: z
      .string()
      .optional()
      .transform((value) => (value ? value.split(",").map((name) => name.trim()) : queueNames))
      .pipe(z.array(z.enum(queueNames as [QueueName, ...QueueName[]])).min(1)),
    METRICS_INTERVAL_SECONDS: z.coerce.number().int().min(0).default(60),
    HEARTBEAT_FILE: z.string().optional(),
    /** The same keyring as the server's (it decrypts M-Pesa credentials); a development key when unset outside production. */
    DATA_ENCRYPTION_KEYS: z.string().optional(),
    /** Overrides both Daraja hosts (the local simulator). */
    DARAJA_BASE_URL: z.url().optional(),
    DARAJA_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(120_000).default(30_000),
    /** The API's public origin: payout result URLs are built from it. */
    API_PUBLIC_URL: z.url().default("http://localhost:8000"),
    /** The same daily email allowances as the server's: reminders and recurring invoices count against them. */
    ...emailQuotaEnvShape,
  })
  .transform((env) => ({
    ...env,
    databaseUrl: resolveDatabaseUrl(env, "postgres://postgres@127.0.0.1:5432/kavi"),
    redisUrl: resolveRedisUrl(env, "redis://127.0.0.1:6379"),
    logPretty: env.LOG_PRETTY ?? env.NODE_ENV === "development",
    emailQuotas: emailQuotasFromEnv(env),
  }));

export type WorkerEnv = z.output<typeof ZWorkerEnvSchema>;

export function loadWorkerEnv(source: Record<string, string | undefined> = process.env): WorkerEnv {
  const parsed = ZWorkerEnvSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map(
      (issue) => `  - ${issue.path.join(".") || "(root)"}: ${issue.message}`,
    );
    throw new Error(`Invalid worker configuration:\n${lines.join("\n")}`);
  }
  return parsed.data;
}
