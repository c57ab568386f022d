import type { AppRouter, inferRouterOutputs } from "@kavi/api";
import { API_KEY_MODULES, type ApiKeyModule, type TApiKeyScope } from "@kavi/domain";

export type ApiKey = inferRouterOutputs<AppRouter>["apiKeys"]["list"][number];

/** What the create form holds for each module: no access, read, or read and write. */
export type ScopeChoice = "none" | "read" | "write";
export type ScopeChoices = Record<ApiKeyModule, ScopeChoice>;

export const NO_SCOPES: ScopeChoices = Object.fromEntries(
  API_KEY_MODULES.map((module) => [module, "none"]),
) as ScopeChoices;

export function scopesFromChoices(choices: ScopeChoices): TApiKeyScope[] {
  return API_KEY_MODULES.flatMap((module) => {
    const access = choices[module];
    return access === "none" ? [] : [{ module, access }];
  });
}

/** "Invoices (write), Reports (read)", each scope worded by the reader's language. */
export function describeScopes(
  scopes: readonly { module: string; access: string }[],
  describe: (scope: { module: string; access: string }) => string,
): string {
  return scopes.map(describe).join(", ");
}

export function keyStatus(key: ApiKey, now: Date): "active" | "revoked" | "expired" {
  if (key.revokedAt) return "revoked";
  if (key.expiresAt && key.expiresAt.getTime() <= now.getTime()) return "expired";
  return "active";
}
