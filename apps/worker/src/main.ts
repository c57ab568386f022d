import { writeFile } from "node:fs/promises";
import { createTesseractEngine } from "@kavi/ai";
import {
  createMpesaConfig,
  createSmsClient,
  createSpeechClient,
  createWebhookConfig,
  dataRightsConfigFromEnv,
  filesConfigFromEnv,
  fxClientFromEnv,
  lenderMpesaFromEnv,
  registerLenderPaybillUrls,
  SYSTEM_ACTOR,
  storageFromEnv,
} from "@kavi/api/services";
import { createDatabase } from "@kavi/db";
import { dateInZone } from "@kavi/domain";
import { createJobQueue, createRedis } from "@kavi/jobs";
import { shutdownTelemetry } from "@kavi/telemetry";
import { createLogger } from "@kavi/telemetry/logger";
import { createTransport } from "nodemailer";
import { emitQueueMetrics } from "./cloudwatch";
import type { WorkerContext } from "./context";
import { ConfigError, loadWorkerEnv, type WorkerEnv } from "./env";
import { checkEvictionPolicy } from "./redis-check";
import { startWorkerRuntime } from "./runtime";
import { keepSchedules } from "./schedule-keeper";

const env = readEnvOrExit();
const logger = createLogger({
  level: env.LOG_LEVEL,
  pretty: env.logPretty,
  service: "kavi-worker",
  environment: env.KAVI_ENVIRONMENT,
});

const database = createDatabase({
  url: env.databaseUrl,
  ssl: env.DB_SSL === "require",
  max: env.DB_POOL_MAX,
  connectionTimeoutMs: env.DB_POOL_WAIT_MS,
  applicationName: "kavi-worker",
  onIdleError: (error) => logger.warn({ err: error }, "database connection lost; the pool reconnects"),
});
const workerConnection = createRedis(env.redisUrl, "worker");
const producerConnection = createRedis(env.redisUrl, "worker");
for (const connection of [workerConnection, producerConnection]) {
  connection.on("error", (error) => logger.warn({ err: error }, "redis connection error"));
}
const jobs = createJobQueue({
  connection: producerConnection,
  prefix: env.REDIS_PREFIX,
  onError: (error) => logger.warn({ err: error }, "queue connection error"),
});
const mailer = createTransport(env.SMTP_URL);
const mpesa = createMpesaConfig({
  publicApiUrl: env.API_PUBLIC_URL,
  darajaBaseUrl: env.DARAJA_BASE_URL,
  encryptionKeys: env.DATA_ENCRYPTION_KEYS,
  production: env.NODE_ENV === "production",
  darajaTimeoutMs: env.DARAJA_TIMEOUT_MS,
  settleBatchSize: env.MPESA_SETTLE_BATCH_SIZE,
  lender: lenderMpesaFromEnv(env, env.NODE_ENV === "production"),
});
const storage = storageFromEnv(env);
const ocr = createTesseractEngine();

await checkEvictionPolicy(workerConnection, logger);
const context: WorkerContext = {
  db: database.db,
  redis: producerConnection,
  jobs,
  logger,
  now: () => new Date(),
  actor: SYSTEM_ACTOR,
  mailer,
  ai: env.ai,
  storage,
  ocr,
  speech: env.speech ? createSpeechClient(env.speech) : null,
  sms: env.sms ? createSmsClient(env.sms) : null,
  fx: fxClientFromEnv(env),
  config: {
    environment: env.NODE_ENV,
    appUrl: env.APP_URL,
    redisPrefix: env.REDIS_PREFIX,
    mail: { from: env.MAIL_FROM },
    emailQuotas: env.emailQuotas,
    mpesa,
    webhooks: createWebhookConfig(env, mpesa.keyring),
    files: filesConfigFromEnv(env),
    dataRights: dataRightsConfigFromEnv(env),
    speech: env.speech,
  },
};
const runtime = await startWorkerRuntime({
  context,
  connection: workerConnection,
  prefix: env.REDIS_PREFIX,
  queues: env.WORKER_QUEUES,
  syncSchedules: true,
});
const scheduleKeeper = keepSchedules({
  jobs,
  connections: [workerConnection, producerConnection],
  logger,
  checkEveryMs: env.SCHEDULE_CHECK_INTERVAL_SECONDS * 1000,
});
logger.info({ queues: env.WORKER_QUEUES }, "KAVI worker started");
// Catch up on exchange rates after downtime (and fill a fresh database): the job skips when today's are in.
if (env.WORKER_QUEUES.includes("maintenance")) {
  await jobs
    .enqueue("maintenance.fetch-exchange-rates", {}, { jobId: `fx-startup-${dateInZone(new Date())}` })
    .catch((error: unknown) => logger.warn({ err: error }, "could not enqueue the exchange-rate catch-up"));
}
// The lender's Paybill takes loan repayments: its callback URLs are registered with Daraja at start.
if (env.WORKER_QUEUES.includes("mpesa") && mpesa.lender) {
  await registerLenderPaybillUrls(context).catch((error: unknown) =>
    logger.warn({ err: error }, "could not register the lender Paybill's callback URLs"),
  );
}

const failedCounts = new Map<string, number>();
const metricsTimer =
  env.METRICS_INTERVAL_SECONDS > 0 && env.NODE_ENV === "production"
    ? setInterval(() => {
        emitQueueMetrics(jobs, env.KAVI_ENVIRONMENT, failedCounts).catch((error: unknown) =>
          logger.warn({ err: error }, "could not read queue metrics"),
        );
      }, env.METRICS_INTERVAL_SECONDS * 1000)
    : null;
const heartbeatTimer = env.HEARTBEAT_FILE
  ? setInterval(() => {
      void writeFile(String(env.HEARTBEAT_FILE), new Date().toISOString()).catch(() => undefined);
    }, 15_000)
  : null;

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "stopping: finishing active jobs");
  if (metricsTimer) clearInterval(metricsTimer);
  if (heartbeatTimer) clearInterval(heartbeatTimer);
  scheduleKeeper.close();
  await runtime.close();
  await ocr.close();
  storage.close();
  await jobs.close();
  workerConnection.disconnect();
  producerConnection.disconnect();
  mailer.close();
  await database.close();
  await shutdownTelemetry();
  logger.info("stopped");
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));

/** A configuration problem is the operator's to fix: say what it is, without a stack trace. */
function readEnvOrExit(): WorkerEnv {
  try {
    return loadWorkerEnv();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
