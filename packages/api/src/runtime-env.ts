import { DEVELOPMENT_DATA_ENCRYPTION_KEYS, parseKeyring } from "@kavi/security";
import { smsEnvShape } from "@kavi/sms";
import { z } from "zod";
import { dataRightsEnvShape } from "./services/data-rights/config";
import { storageEnvShape, storageProductionProblems } from "./services/files/config";
import { lenderMpesaEnvShape, lenderMpesaProductionProblems } from "./services/lending/lender-config";

/**
 * What the server and the worker read alike from their environment, and the production guards they share:
 * one definition, so the worker can never run with a setting the server would refuse. Each app's `env.ts`
 * spreads `runtimeEnvShape` into its own schema and calls `runtimeProductionProblems` beside its own checks.
 */

export const booleanFromString = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((value) => value === "true" || value === "1" || value === "yes");

/** AES-256-GCM keys for secrets at rest ("id:base64,…", the first encrypts), checked at boot, not at first use. */
const ZKeyringSpecSchema = z
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
  });

export const runtimeEnvShape = {
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  KAVI_ENVIRONMENT: z.string().default("local"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  LOG_PRETTY: booleanFromString.optional(),
  APP_URL: z.url().default("http://localhost:5173"),
  /** The API's public origin: M-Pesa callback and payout result URLs are built from it. */
  API_PUBLIC_URL: z.url().default("http://localhost:8000"),
  DATABASE_URL: z.string().optional(),
  DB_HOST: z.string().optional(),
  DB_PORT: z.coerce.number().int().optional(),
  DB_NAME: z.string().optional(),
  DB_USER: z.string().optional(),
  DB_PASSWORD: z.string().optional(),
  DB_SSL: z.enum(["disable", "require"]).default("disable"),
  REDIS_URL: z.string().optional(),
  REDIS_HOST: z.string().optional(),
  REDIS_PORT: z.coerce.number().int().optional(),
  REDIS_PASSWORD: z.string().optional(),
  REDIS_TLS: booleanFromString.optional(),
  REDIS_PREFIX: z
    .string()
    .regex(/^[a-z0-9_-]+$/)
    .default("kavi"),
  MAIL_FROM: z.string().default("KAVI <no-reply@kavi.local>"),
  /** Unset outside production: the development keyring. */
  DATA_ENCRYPTION_KEYS: ZKeyringSpecSchema,
  /**
   * Stands in for Daraja's sandbox host (the local simulator: http://127.0.0.1:8089). Businesses that chose
   * production always reach Safaricom's production host; https only in production.
   */
  DARAJA_BASE_URL: z.url().optional(),
  DARAJA_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(120_000).default(30_000),
  ...storageEnvShape,
  /** Data exports and business deletion (Kenya Data Protection Act). */
  ...dataRightsEnvShape,
  /** The lender's own M-Pesa for loans (docs/lending.md): all set, or none (the sandbox lender in development). */
  ...lenderMpesaEnvShape,
  /** Africa's Talking SMS: key, username, base URL (the local simulator), sender id, callback token. */
  ...smsEnvShape,
};

export type RuntimeEnv = z.output<z.ZodObject<typeof runtimeEnvShape>>;

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Production refuses development defaults that would be unsafe on the internet (server and worker alike). */
export function runtimeProductionProblems(env: RuntimeEnv): string[] {
  if (env.NODE_ENV !== "production") return [];
  const problems: string[] = [];
  if (!env.APP_URL.startsWith("https://")) problems.push("APP_URL must be https:// in production");
  // M-Pesa is optional: without DATA_ENCRYPTION_KEYS it is simply unavailable. Once it is used, it must be safe.
  if (env.DATA_ENCRYPTION_KEYS === DEVELOPMENT_DATA_ENCRYPTION_KEYS)
    problems.push("DATA_ENCRYPTION_KEYS is the development key: generate a random 32-byte key");
  if (env.DATA_ENCRYPTION_KEYS && !env.API_PUBLIC_URL.startsWith("https://"))
    problems.push("API_PUBLIC_URL must be https:// in production: Daraja only calls back https URLs");
  if (env.DARAJA_BASE_URL && !env.DARAJA_BASE_URL.startsWith("https://"))
    problems.push(
      "DARAJA_BASE_URL must be https:// in production (credentials and payment queries travel over it), or unset",
    );
  if (env.AFRICASTALKING_API_KEY && !env.AFRICASTALKING_BASE_URL.startsWith("https://"))
    problems.push("AFRICASTALKING_BASE_URL must be https:// in production (the API key travels over it)");
  if (env.AFRICASTALKING_API_KEY && !env.AFRICASTALKING_CALLBACK_TOKEN)
    problems.push("AFRICASTALKING_CALLBACK_TOKEN must be set with AFRICASTALKING_API_KEY (delivery reports)");
  problems.push(...storageProductionProblems(env));
  problems.push(...lenderMpesaProductionProblems(env));
  return problems;
}

/**
 * Parses an app's environment with its schema, then applies its production guards; throws a ConfigError that
 * lists every problem at once, so an operator fixes them in one go.
 */
export function parseRuntimeEnv<Schema extends z.ZodType>(
  schema: Schema,
  source: Record<string, string | undefined>,
  options: { app: string; productionProblems: (env: z.output<Schema>) => string[] },
): z.output<Schema> {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map(
      (issue) => `  - ${issue.path.join(".") || "(root)"}: ${issue.message}`,
    );
    throw new ConfigError(`Invalid ${options.app} configuration:\n${lines.join("\n")}`);
  }
  const problems = options.productionProblems(parsed.data);
  if (problems.length > 0) {
    throw new ConfigError(
      `Refusing to start the ${options.app} in production:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`,
    );
  }
  return parsed.data;
}
