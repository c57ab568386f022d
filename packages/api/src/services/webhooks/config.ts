import type { Keyring } from "@kavi/security";
import { z } from "zod";
import { booleanFromString } from "../../runtime-env";
import type { EgressPolicy, Resolver } from "./egress";

export interface WebhookConfig {
  egress: EgressPolicy;
  /**
   * Waits between attempts after a failure. The default sums to a little over a day (the Standard Webhooks
   * schedule); a delivery still failing after the last one, or a day after its event, fails for good and its
   * endpoint is switched off and flagged.
   */
  retryDelaysMs: readonly number[];
  /** How long a delivery may keep failing before it is given up (a day). */
  giveUpAfterMs: number;
  /** Encrypts signing secrets at rest (the data keyring); null when production has none yet. */
  keyring: Keyring | null;
  /** Stands in for DNS in tests (attack tests point names at private addresses). */
  resolve?: Resolver;
}

/** 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h: about 27.5 hours in all, so the last attempt lands after a day. */
export const DEFAULT_WEBHOOK_RETRY_DELAYS_MS: readonly number[] = [
  5_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3_600_000,
  5 * 3_600_000,
  10 * 3_600_000,
  10 * 3_600_000,
];

/** Settings the server and the worker share (spread into `runtimeEnvShape`). */
export const webhookEnvShape = {
  /** Unset: https is required in production and not elsewhere. Production refuses `false`. */
  WEBHOOKS_REQUIRE_HTTPS: booleanFromString.optional(),
  /** Comma-separated origins (`http://127.0.0.1:8107`) that may be private: the local receiver. Refused in production. */
  WEBHOOKS_ALLOWED_PRIVATE_ORIGINS: z
    .string()
    .optional()
    .transform((value) =>
      (value ?? "")
        .split(",")
        .map((origin) => origin.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z
          .string()
          .refine((origin) => URL.canParse(origin) && new URL(origin).origin === origin.replace(/\/$/, ""), {
            error: "must list origins such as http://127.0.0.1:8107 (scheme, host and port; no path)",
          }),
      ),
    ),
  WEBHOOKS_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(30_000).default(10_000),
};

export interface WebhookEnv {
  NODE_ENV: "development" | "test" | "production";
  WEBHOOKS_REQUIRE_HTTPS?: boolean | undefined;
  WEBHOOKS_ALLOWED_PRIVATE_ORIGINS: string[];
  WEBHOOKS_TIMEOUT_MS: number;
}

export function webhookProductionProblems(env: WebhookEnv): string[] {
  if (env.NODE_ENV !== "production") return [];
  const problems: string[] = [];
  if (env.WEBHOOKS_REQUIRE_HTTPS === false)
    problems.push("WEBHOOKS_REQUIRE_HTTPS is false: webhooks carry business data and must go over https");
  if (env.WEBHOOKS_ALLOWED_PRIVATE_ORIGINS.length > 0)
    problems.push(
      "WEBHOOKS_ALLOWED_PRIVATE_ORIGINS is set: production never sends webhooks to private addresses",
    );
  return problems;
}

export function createWebhookConfig(
  env: WebhookEnv,
  keyring: Keyring | null,
  overrides: Partial<WebhookConfig> = {},
): WebhookConfig {
  return {
    egress: {
      requireHttps: env.WEBHOOKS_REQUIRE_HTTPS ?? env.NODE_ENV === "production",
      allowedPrivateOrigins: env.WEBHOOKS_ALLOWED_PRIVATE_ORIGINS.map((origin) =>
        new URL(origin).origin.toLowerCase(),
      ),
      timeoutMs: env.WEBHOOKS_TIMEOUT_MS,
      maxResponseBytes: 64 * 1024,
      maxRequestBytes: 256 * 1024,
    },
    retryDelaysMs: DEFAULT_WEBHOOK_RETRY_DELAYS_MS,
    giveUpAfterMs: 24 * 3_600_000,
    keyring,
    ...overrides,
  };
}
