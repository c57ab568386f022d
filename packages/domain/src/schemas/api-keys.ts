import { z } from "zod";
import type { AccessDecision, Module, Requirement } from "../access";
import { ZIdSchema, ZPageSchema } from "./common";

/** The modules an API key can be scoped to. The team stays with people: no key can see or change it. */
export const API_KEY_MODULES = [
  "transactions",
  "invoices",
  "payments",
  "budgets",
  "reports",
  "assistant",
] as const satisfies readonly Module[];
export type ApiKeyModule = (typeof API_KEY_MODULES)[number];

export const API_KEY_ACCESS = ["read", "write"] as const;

/** `kavi_live_` in production, `kavi_test_` everywhere else; secret scanners look for these. */
export const API_KEY_PREFIXES = { live: "kavi_live_", test: "kavi_test_" } as const;
export const API_KEY_PATTERN = /^kavi_(live|test)_[A-Za-z0-9_-]{43}$/;

export const API_KEY_DEFAULT_RATE_LIMIT_PER_HOUR = 1000;
export const API_KEY_MAX_RATE_LIMIT_PER_HOUR = 100_000;

export const ZApiKeyScopeSchema = z.object({
  module: z.enum(API_KEY_MODULES, { error: "Choose a module this key may use" }),
  access: z.enum(API_KEY_ACCESS, { error: "Choose read or write" }),
});
export type TApiKeyScope = z.infer<typeof ZApiKeyScopeSchema>;

export const ZApiKeyScopesSchema = z
  .array(ZApiKeyScopeSchema)
  .min(1, { error: "Give the key at least one module" })
  .max(API_KEY_MODULES.length * API_KEY_ACCESS.length)
  .refine((scopes) => new Set(scopes.map((scope) => scope.module)).size === scopes.length, {
    error: "Name each module once",
  });

export const ZCreateApiKeySchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, { error: "Give the key a name, such as the system that will use it" })
    .max(100, { error: "Keep the name under 100 characters" }),
  scopes: ZApiKeyScopesSchema,
  /** A calendar date (Africa/Nairobi end of day is not implied: the key stops at the start of that day, UTC). */
  expiresAt: z.coerce.date({ error: "Give an expiry date, or leave it empty" }).nullish(),
  rateLimitPerHour: z
    .number({ error: "Give the number of requests an hour" })
    .int({ error: "Give a whole number of requests" })
    .min(1, { error: "Allow at least one request an hour" })
    .max(API_KEY_MAX_RATE_LIMIT_PER_HOUR, { error: "At most 100,000 requests an hour" })
    .nullish(),
});
export type TCreateApiKey = z.infer<typeof ZCreateApiKeySchema>;

export const ZApiKeyRefSchema = z.object({ apiKeyId: ZIdSchema });

/** A key's recent calls, newest first (Settings → API). */
export const ZListApiKeyRequestsSchema = ZApiKeyRefSchema.extend(ZPageSchema.shape);
export type TListApiKeyRequests = z.infer<typeof ZListApiKeyRequestsSchema>;

/**
 * Whether a key's scopes cover a requirement. Settings, the team and approvals (manage, own) are never open
 * to a key, whatever its scopes; the business itself (no module, read) is open to every key. Write includes read.
 * The member who created the key must also pass the requirement: a key never reaches further than its creator.
 */
export function decideApiKeyScope(scopes: readonly TApiKeyScope[], requirement: Requirement): AccessDecision {
  const { module, access } = requirement;
  if (access === "manage" || access === "own") {
    return { allowed: false, reason: "API keys cannot change settings, the team or approvals. Use the app." };
  }
  if (module === null) return { allowed: true };
  const modules: readonly Module[] = typeof module === "string" ? [module] : module;
  const covered = scopes.some(
    (scope) => modules.includes(scope.module) && (access === "read" || scope.access === "write"),
  );
  return covered
    ? { allowed: true }
    : { allowed: false, reason: `This API key has no ${access} scope for ${modules.join(" or ")}.` };
}
