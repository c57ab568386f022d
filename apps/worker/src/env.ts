import {
  ConfigError,
  parseRuntimeEnv,
  runtimeEnvShape,
  runtimeProductionProblems,
} from "@kavi/api/runtime-env";
import {
  aiEnvShape,
  aiSettingsFromEnv,
  DEFAULT_SETTLE_BATCH_SIZE,
  emailQuotaEnvShape,
  emailQuotasFromEnv,
  fxEnvShape,
  smsSettingsFromEnv,
  speechEnvShape,
  speechSettingsFromEnv,
  webhookEnvShape,
  webhookProductionProblems,
} from "@kavi/api/services";
import { resolveDatabaseUrl } from "@kavi/db";
import { type QueueName, queues, resolveRedisUrl } from "@kavi/jobs";
import { z } from "zod";

export { ConfigError };

const queueNames = Object.keys(queues) as QueueName[];

/**
 * The worker's settings: the server's shared runtime settings (database, Redis, keyring, Daraja, URLs) with the
 * same validation and production guards, and none of the server's own (it signs no tokens: no JWT_SECRET).
 */
const ZWorkerEnvSchema = z
  .object({
    ...runtimeEnvShape,
    DB_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
    /**
     * How long a job waits for one of the pool's connections. The queues together run more jobs at once than the
     * pool has connections; under a burst a job should wait its turn, not fail after 5 s and be retried later.
     */
    DB_POOL_WAIT_MS: z.coerce.number().int().min(1_000).max(600_000).default(30_000),
    SMTP_URL: z.string().default("smtp://127.0.0.1:1025"),
    WORKER_QUEUES: z
      .string()
      .optional()
      .transform((value) => (value ? value.split(",").map((name) => name.trim()) : queueNames))
      .pipe(z.array(z.enum(queueNames as [QueueName, ...QueueName[]])).min(1)),
    METRICS_INTERVAL_SECONDS: z.coerce.number().int().min(0).default(60),
    HEARTBEAT_FILE: z.string().optional(),
    /** STK callbacks settled per transaction (0: one per job, each confirmed by a second job). */
    MPESA_SETTLE_BATCH_SIZE: z.coerce.number().int().min(0).max(1000).default(DEFAULT_SETTLE_BATCH_SIZE),
    /** How often the worker looks for job schedules Redis has lost (0: only after reconnecting). */
    SCHEDULE_CHECK_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
    /** The same daily email allowances as the server's: reminders and recurring invoices count against them. */
    ...emailQuotaEnvShape,
    /** Gemini for categorisation (and later the assistant): key, base URL (the local fake), model, allowance. */
    ...aiEnvShape,
    /** ElevenLabs for reading assistant answers aloud: key, base URL (the local fake), voice, model, format. */
    ...speechEnvShape,
    /** Outgoing webhooks: the same egress policy as the server's. */
    ...webhookEnvShape,
    /** The exchange-rate provider (CBK's rates table, or the local fake). */
    ...fxEnvShape,
  })
  .transform((env) => ({
    ...env,
    databaseUrl: resolveDatabaseUrl(env, "postgres://postgres@127.0.0.1:5432/kavi"),
    redisUrl: resolveRedisUrl(env, "redis://127.0.0.1:6379"),
    logPretty: env.LOG_PRETTY ?? env.NODE_ENV === "development",
    emailQuotas: emailQuotasFromEnv(env),
    ai: aiSettingsFromEnv(env),
    speech: speechSettingsFromEnv(env),
    sms: smsSettingsFromEnv(env),
  }));

export type WorkerEnv = z.output<typeof ZWorkerEnvSchema>;

export function loadWorkerEnv(source: Record<string, string | undefined> = process.env): WorkerEnv {
  return parseRuntimeEnv(ZWorkerEnvSchema, source, {
    app: "worker",
    productionProblems: (env) => [...runtimeProductionProblems(env), ...webhookProductionProblems(env)],
  });
}
