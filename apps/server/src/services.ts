import type { ApiConfig, ApiServices, Logger } from "@kavi/api";
import {
  ApiKeyRequestLog,
  CallerCache,
  createMpesaConfig,
  createWebhookConfig,
  dataRightsConfigFromEnv,
  emailQuotasFromEnv,
  filesConfigFromEnv,
  lenderMpesaFromEnv,
  smsClientFromEnv,
  speechSettingsFromEnv,
  storageFromEnv,
} from "@kavi/api/services";
import { createDatabase, type DatabaseHandle } from "@kavi/db";
import { createJobQueue, createRedis, type JobQueue } from "@kavi/jobs";
import type { Redis } from "ioredis";
import type { ServerEnv } from "./env";

export function apiConfigFrom(env: ServerEnv): ApiConfig {
  const mpesa = createMpesaConfig({
    publicApiUrl: env.API_PUBLIC_URL,
    darajaBaseUrl: env.DARAJA_BASE_URL,
    encryptionKeys: env.DATA_ENCRYPTION_KEYS,
    production: env.NODE_ENV === "production",
    darajaTimeoutMs: env.DARAJA_TIMEOUT_MS,
    callbackAllowedIps: env.MPESA_CALLBACK_ALLOWED_IPS,
    lender: lenderMpesaFromEnv(env, env.NODE_ENV === "production"),
    limits: {
      stkPerPhonePerMinute: env.MPESA_STK_PER_PHONE_PER_MINUTE,
      stkPerBusinessPerMinute: env.MPESA_STK_PER_BUSINESS_PER_MINUTE,
      publicPayPerIpPerMinute: env.MPESA_PUBLIC_PAY_PER_IP_PER_MINUTE,
      publicPayPerInvoicePerHour: env.MPESA_PUBLIC_PAY_PER_INVOICE_PER_HOUR,
      publicPayPerPhonePerHour: env.MPESA_PUBLIC_PAY_PER_PHONE_PER_HOUR,
      publicStkPerBusinessPerMinute: env.MPESA_PUBLIC_STK_PER_BUSINESS_PER_MINUTE,
    },
  });
  return {
    environment: env.NODE_ENV,
    appUrl: env.APP_URL,
    auth: {
      jwtSecret: env.JWT_SECRET,
      issuer: env.JWT_ISSUER,
      audience: env.JWT_AUDIENCE,
      accessTokenTtlSeconds: env.ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlDays: env.REFRESH_TOKEN_TTL_DAYS,
      cookieSecure: env.cookieSecure,
      lockout: {
        freeAttempts: env.SIGN_IN_FREE_ATTEMPTS,
        lockAfterAttempts: env.SIGN_IN_LOCK_AFTER_ATTEMPTS,
        lockSeconds: env.SIGN_IN_LOCK_MINUTES * 60,
        windowSeconds: env.SIGN_IN_LOCK_MINUTES * 60,
        accountFreeAttempts: env.SIGN_IN_ACCOUNT_FREE_ATTEMPTS,
        accountMaxDelaySeconds: env.SIGN_IN_ACCOUNT_MAX_DELAY_SECONDS,
        accountWindowSeconds: 3600,
      },
      refreshReuseGraceSeconds: env.REFRESH_REUSE_GRACE_SECONDS,
      sessionIdleTimeoutSeconds: env.SESSION_IDLE_TIMEOUT_DAYS * 86_400,
    },
    rateLimits: {
      authenticatedPerHour: env.RATE_LIMIT_AUTHENTICATED_PER_HOUR,
      anonymousPerHour: env.RATE_LIMIT_ANONYMOUS_PER_HOUR,
      assistantPerMinute: env.RATE_LIMIT_ASSISTANT_PER_MINUTE,
      apiKeyDefaultPerHour: env.RATE_LIMIT_API_KEY_PER_HOUR,
      refreshPerSessionPerHour: env.RATE_LIMIT_REFRESH_PER_SESSION_PER_HOUR,
      refreshPerIpPerHour: env.RATE_LIMIT_REFRESH_PER_IP_PER_HOUR,
      localWindows: env.RATE_LIMIT_LOCAL_WINDOWS,
    },
    redisPrefix: env.REDIS_PREFIX,
    mail: { from: env.MAIL_FROM },
    emailQuotas: emailQuotasFromEnv(env),
    speech: speechSettingsFromEnv(env),
    mpesa,
    webhooks: createWebhookConfig(env, mpesa.keyring),
    files: filesConfigFromEnv(env),
    dataRights: dataRightsConfigFromEnv(env),
  };
}

export interface ServerResources {
  services: ApiServices;
  database: DatabaseHandle;
  redis: Redis;
  queueConnection: Redis;
  jobs: JobQueue;
  close(): Promise<void>;
}

/** Opens the long-lived connections the API needs. Redis may be down at start: the API still serves. */
export function openResources(env: ServerEnv, logger: Logger): ServerResources {
  const database = createDatabase({
    url: env.databaseUrl,
    max: env.DB_POOL_MAX,
    ssl: env.DB_SSL === "require",
    applicationName: "kavi-server",
    onIdleError: (error) => logger.warn({ err: error }, "database connection lost; the pool reconnects"),
  });
  const redis = createRedis(env.redisUrl, "producer");
  const queueConnection = createRedis(env.redisUrl, "producer");
  for (const connection of [redis, queueConnection]) {
    connection.on("error", (error) => logger.warn({ err: error }, "redis connection error"));
  }
  const jobs = createJobQueue({
    connection: queueConnection,
    prefix: env.REDIS_PREFIX,
    onError: (error) => logger.warn({ err: error }, "queue connection error"),
  });
  const storage = storageFromEnv(env);
  const services: ApiServices = {
    db: database.db,
    redis,
    jobs,
    storage,
    config: apiConfigFrom(env),
    logger,
    now: () => new Date(),
    // Built once here and passed with the other services (see caller-cache.ts).
    callers: new CallerCache(),
    apiKeyRequests: new ApiKeyRequestLog(database.db, logger),
    sms: smsClientFromEnv(env),
  };
  return {
    services,
    database,
    redis,
    queueConnection,
    jobs,
    async close() {
      await services.apiKeyRequests.flush();
      await jobs.close().catch(() => undefined);
      storage.close();
      redis.disconnect();
      queueConnection.disconnect();
      await database.close();
    },
  };
}
