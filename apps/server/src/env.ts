import {
  booleanFromString,
  ConfigError,
  parseRuntimeEnv,
  runtimeEnvShape,
  runtimeProductionProblems,
} from "@kavi/api/runtime-env";
import {
  aiEnvShape,
  assistantAiEnvShape,
  emailQuotaEnvShape,
  parseCallbackAllowList,
  speechEnvShape,
  webhookEnvShape,
  webhookProductionProblems,
} from "@kavi/api/services";
import { resolveDatabaseUrl } from "@kavi/db";
import { resolveRedisUrl } from "@kavi/jobs";
import { z } from "zod";
import { parseTrustProxy, trustsByCount } from "./client-address";

export { ConfigError };

/** The development JWT secret: fine on a laptop, refused in production. */
export const DEVELOPMENT_JWT_SECRET = "kavi-development-only-jwt-secret-do-not-use-in-production";

const ZServerEnvSchema = z
  .object({
    ...runtimeEnvShape,
    PORT: z.coerce.number().int().min(1).max(65535).default(8000),
    HOST: z.string().default("0.0.0.0"),
    CORS_ORIGINS: z.string().optional(),
    /** Express `trust proxy`: the proxies in front of the server, by address (see client-address.ts). */
    TRUST_PROXY: z
      .string()
      .default("loopback")
      .transform((value, context) => {
        try {
          return parseTrustProxy(value);
        } catch (error) {
          context.addIssue({
            code: "custom",
            message: error instanceof Error ? error.message : String(error),
          });
          return z.NEVER;
        }
      }),
    /** The secret header CloudFront adds (infra/cdk); a request carrying it came through our distribution. */
    ORIGIN_VERIFY_SECRET: z.string().min(32).optional(),
    /** The previous value, accepted too while the secret is rotated (docs/operations.md). */
    ORIGIN_VERIFY_SECRET_PREVIOUS: z.string().min(32).optional(),
    DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(20),
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
    RATE_LIMIT_API_KEY_PER_HOUR: z.coerce.number().int().min(1).max(100_000).default(1000),
    /** auth.refresh per session (refresh-token family) per hour: a device refreshes about four times an hour. */
    RATE_LIMIT_REFRESH_PER_SESSION_PER_HOUR: z.coerce.number().int().min(1).default(120),
    /** auth.refresh per IP address per hour: a ceiling for floods, high enough for a mobile carrier's NAT. */
    RATE_LIMIT_REFRESH_PER_IP_PER_HOUR: z.coerce.number().int().min(1).default(5000),
    /** Rate-limit windows a server process keeps in memory at most (least recently used are dropped). */
    RATE_LIMIT_LOCAL_WINDOWS: z.coerce.number().int().min(100).default(10_000),
    /** Calls one tRPC batch request may carry. */
    TRPC_MAX_BATCH_SIZE: z.coerce.number().int().min(1).max(1000).default(20),
    /** Answer GET queries without tRPC's Fetch-API adapter (apps/server/src/trpc-queries.ts); false: always tRPC's. */
    TRPC_FAST_QUERIES: z
      .enum(["true", "false"])
      .default("true")
      .transform((value) => value === "true"),
    SIGN_IN_FREE_ATTEMPTS: z.coerce.number().int().min(1).default(5),
    SIGN_IN_LOCK_AFTER_ATTEMPTS: z.coerce.number().int().min(2).default(10),
    SIGN_IN_LOCK_MINUTES: z.coerce.number().int().min(1).default(15),
    SIGN_IN_ACCOUNT_FREE_ATTEMPTS: z.coerce.number().int().min(1).default(20),
    SIGN_IN_ACCOUNT_MAX_DELAY_SECONDS: z.coerce.number().int().min(1).max(3600).default(300),
    REFRESH_REUSE_GRACE_SECONDS: z.coerce.number().int().min(0).max(60).default(10),
    SESSION_IDLE_TIMEOUT_DAYS: z.coerce.number().int().min(1).max(365).default(7),
    ...emailQuotaEnvShape,
    /** Gemini for the assistant (the worker has its own for categorisation): key, base URL, model. */
    GEMINI_API_KEY: aiEnvShape.GEMINI_API_KEY,
    GEMINI_BASE_URL: aiEnvShape.GEMINI_BASE_URL,
    GEMINI_MODEL: aiEnvShape.GEMINI_MODEL,
    ...assistantAiEnvShape,
    /** ElevenLabs: the server only needs the voice, model and format (the cache key) and whether a key is set. */
    ...speechEnvShape,
    /** Outgoing webhooks: https, the local receiver's origin in development, the timeout (shared with the worker). */
    ...webhookEnvShape,
    /** Required in production: scrapers send `Authorization: Bearer <token>`. */
    METRICS_TOKEN: z.string().min(16).optional(),
    SHUTDOWN_GRACE_SECONDS: z.coerce.number().int().min(0).max(120).default(10),
    MPESA_STK_PER_PHONE_PER_MINUTE: z.coerce.number().int().min(1).default(3),
    MPESA_STK_PER_BUSINESS_PER_MINUTE: z.coerce.number().int().min(1).default(60),
    MPESA_PUBLIC_PAY_PER_IP_PER_MINUTE: z.coerce.number().int().min(1).default(10),
    MPESA_PUBLIC_PAY_PER_INVOICE_PER_HOUR: z.coerce.number().int().min(1).default(10),
    MPESA_PUBLIC_PAY_PER_PHONE_PER_HOUR: z.coerce.number().int().min(1).default(5),
    MPESA_PUBLIC_STK_PER_BUSINESS_PER_MINUTE: z.coerce.number().int().min(1).default(20),
    /** `safaricom`, addresses/CIDRs (may include `safaricom`), or `off`; required in production. */
    MPESA_CALLBACK_ALLOWED_IPS: z
      .string()
      .optional()
      .superRefine((value, context) => {
        try {
          parseCallbackAllowList(value);
        } catch (error) {
          context.addIssue({ code: "custom", message: error instanceof Error ? error.message : "invalid" });
        }
      }),
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
  if (trustsByCount(env.TRUST_PROXY))
    problems.push(
      "TRUST_PROXY must name the proxies by address (e.g. the load balancer's subnets), not a hop count or true: otherwise anyone who reaches the server past its proxy chooses their own address",
    );
  if (env.DATA_ENCRYPTION_KEYS && !env.MPESA_CALLBACK_ALLOWED_IPS)
    problems.push(
      "MPESA_CALLBACK_ALLOWED_IPS is not set: `safaricom` (Safaricom's published callback addresses), your own list, or `off` to decide deliberately",
    );
  if (!env.METRICS_TOKEN)
    problems.push("METRICS_TOKEN is not set: generate one (16+ characters) for the Prometheus scraper");
  problems.push(...runtimeProductionProblems(env), ...webhookProductionProblems(env));
  return problems;
}

export function loadServerEnv(source: Record<string, string | undefined> = process.env): ServerEnv {
  return parseRuntimeEnv(ZServerEnvSchema, source, { app: "server", productionProblems });
}
