import { emailQuotaEnvShape } from "@kavi/api/services";
import { resolveDatabaseUrl } from "@kavi/db";
import { resolveRedisUrl } from "@kavi/jobs";
import { DEVELOPMENT_DATA_ENCRYPTION_KEYS, parseKeyring } from "@kavi/security";
import { z } from "zod";

/** The development JWT secret: fine on a laptop, refused in production. */
export const DEVELOPMENT_JWT_SECRET = "kavi-development-only-jwt-secret-do-not-use-in-production";

const booleanFromString = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((value) => value === "true" || value === "1" || value === "yes");

const ZServerEnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    KAVI_ENVIRONMENT: z.string().default("local"),
    PORT: z.coerce.number().int().min(1).max(65535).default(8000),
    HOST: z.string().default("0.0.0.0"),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    LOG_PRETTY: booleanFromString.optional(),
    APP_URL: z.url().default("http://localhost:5173"),
    API_PUBLIC_URL: z.url().default("http://localhost:8000"),
    CORS_ORIGINS: z.string().optional(),
    TRUST_PROXY: z.string().default("loopback"),
    DATABASE_URL: z.string().optional(),
    DB_HOST: z.string().optional(),
    DB_PORT: z.coerce.number().int().optional(),
    DB_NAME: z.string().optional(),
    DB_USER: z.string().optional(),
    DB_PASSWORD: z.string().optional(),
    DB_SSL: z.enum(["disable", "require"]).default("disable"),
    DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(20),
    REDIS_URL: z.string().optional(),
    REDIS_HOST: z.string().optional(),
    REDIS_PORT: z.coerce.number().int().optional(),
    REDIS_PASSWORD: z.string().optional(),
    REDIS_TLS: booleanFromString.optional(),
    REDIS_PREFIX: z
      .string()
      .regex(/^[a-z0-9_-]+$/)
      .default("kavi"),
    JWT_SECRET: z
      .string()
      .min(32, { error: "JWT_SECRET must be at least 32 characters" })
      .default(DEVELOPMENT_JWT_SECRET),
    JWT_ISSUER: z.string().default("kavi"),
    JWT_AUDIENCE: z.string().default("kavi-app"),
    ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(900).default(900),
    REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(90).default(30),
    COOKIE_SECURE: booleanFromString.optional(),
    RATE_LIMIT_AUTHENTICATED_PER_HOUR: z.coerce.number().int().min(1).default(1000),
    RATE_LIMIT_ANONYMOUS_PER_HOUR: z.coerce.number().int().min(1).default(100),
    RATE_LIMIT_ASSISTANT_PER_MINUTE: z.coerce.number().int().min(1).default(60),
    SIGN_IN_FREE_ATTEMPTS: z.coerce.number().int().min(1).default(5),
    SIGN_IN_LOCK_AFTER_ATTEMPTS: z.coerce.number().int().min(2).default(10),
    SIGN_IN_LOCK_MINUTES: z.coerce.number().int().min(1).default(15),
    SIGN_IN_ACCOUNT_FREE_ATTEMPTS: z.coerce.number().int().min(1).default(20),
    SIGN_IN_ACCOUNT_MAX_DELAY_SECONDS: z.coerce.number().int().min(1).max(3600).default(300),
    REFRESH_REUSE_GRACE_SECONDS: z.coerce.number().int().min(0).max(60).default(10),
    SESSION_IDLE_TIMEOUT_DAYS: z.coerce.number().int().min(1).max(365).default(7),
    ...emailQuotaEnvShape,
    MAIL_FROM: z.string().default("KAVI <no-reply@kavi.local>"),
    METRICS_TOKEN: z.string().min(16).optional(),
    SHUTDOWN_GRACE_SECONDS: z.coerce.number().int().min(0).max(120).default(10),
    /** AES-256-GCM keys for secrets at rest ("id:base64,…", first encrypts). Unset outside production: a dev key. */
    DATA_ENCRYPTION_KEYS: z
      .string()
      .optional()
      .superRefine((value, context) => {
        if (!value) return;
        try {
          parseKeyring(value);
        } catch (error) {
          context.addIssue({
            code: "custom",
            message: error instanceof Error ? error.message : "invalid keyring",
          });
        }
      }),
    /** Overrides both Daraja hosts (the local simulator: http://127.0.0.1:8089). */
    DARAJA_BASE_URL: z.url().optional(),
    DARAJA_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(120_000).default(30_000),
    MPESA_STK_PER_PHONE_PER_MINUTE: z.coerce.number().int().min(1).default(3),
    MPESA_STK_PER_BUSINESS_PER_MINUTE: z.coerce.number().int().min(1).default(60),
    MPESA_PUBLIC_PAY_PER_IP_PER_MINUTE: z.coerce.number().int().min(1).default(10),
  })
  .transform((env) => ({
    ...env,
    databaseUrl: resolveDatabaseUrl(env, "postgres://postgres@127.0.0.1:5432/kavi"),
    redisUrl: resolveRedisUrl(env, "redis://127.0.0.1:6379"),
    corsOrigins: (env.CORS_ORIGINS ?? (env.NODE_ENV === "production" ? "" : env.APP_URL))
      .split(",")
      .map((origin) => origin.trim().replace(/\/$/, ""))
      .filter(Boolean),
    cookieSecure: env.COOKIE_SECURE ?? env.NODE_ENV === "production",
    logPretty: env.LOG_PRETTY ?? env.NODE_ENV === "development",
  }));

export type ServerEnv = z.output<typeof ZServerEnvSchema>;

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Production refuses to start with development defaults that would be unsafe on the internet. */
function productionProblems(env: ServerEnv): string[] {
  if (env.NODE_ENV !== "production") return [];
  const problems: string[] = [];
  if (env.JWT_SECRET === DEVELOPMENT_JWT_SECRET)
    problems.push("JWT_SECRET is the development secret: set a random 32+ character secret");
  if (env.corsOrigins.length === 0)
    problems.push("CORS_ORIGINS is empty: list the SPA's origin(s), e.g. https://financegrowth.co.ke");
  if (env.corsOrigins.some((origin) => origin === "*"))
    problems.push("CORS_ORIGINS may not be *: credentials need explicit origins");
  if (!env.cookieSecure)
    problems.push("COOKIE_SECURE is false: refresh cookies must be Secure in production");
  if (!env.APP_URL.startsWith("https://")) problems.push("APP_URL must be https:// in production");
  // M-Pesa is optional: without DATA_ENCRYPTION_KEYS it is simply unavailable. Once it is used, it must be safe.
  if (env.DATA_ENCRYPTION_KEYS === DEVELOPMENT_DATA_ENCRYPTION_KEYS)
    problems.push("DATA_ENCRYPTION_KEYS is the development key: generate a random 32-byte key");
  if (env.DATA_ENCRYPTION_KEYS && !env.API_PUBLIC_URL.startsWith("https://"))
    problems.push("API_PUBLIC_URL must be https:// in production: Daraja only calls back https URLs");
  return problems;
}

export function loadServerEnv(source: Record<string, string | undefined> = process.env): ServerEnv {
  const parsed = ZServerEnvSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map(
      (issue) => `  - ${issue.path.join(".") || "(root)"}: ${issue.message}`,
    );
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const problems = productionProblems(parsed.data);
  if (problems.length > 0) {
    throw new ConfigError(
      `Refusing to start in production:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`,
    );
  }
  return parsed.data;
}
