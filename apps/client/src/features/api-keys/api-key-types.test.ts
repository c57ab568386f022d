import { describe, expect, it } from "vitest";
import { describeScopes, keyStatus, NO_SCOPES, scopesFromChoices } from "./api-key-types";

describe("API key form values", () => {
  it("turns the per-module choices into scopes, leaving out modules with no access", () => {
    expect(scopesFromChoices({ ...NO_SCOPES, invoices: "write", reports: "read" })).toEqual([
      { module: "invoices", access: "write" },
      { module: "reports", access: "read" },
    ]);
    expect(scopesFromChoices(NO_SCOPES)).toEqual([]);
  });

  it("describes scopes in words and tells an expired or revoked key", () => {
    expect(
      describeScopes(
        [
          { module: "invoices", access: "write" },
          { module: "reports", access: "read" },
        ],
        (scope) => `${scope.module} (${scope.access})`,
      ),
    ).toBe("invoices (write), reports (read)");
    const now = new Date("2026-12-01T00:00:00Z");
    const base = { revokedAt: null, expiresAt: null } as never;
    expect(keyStatus(base, now)).toBe("active");
    expect(
      keyStatus({ ...(base as object), expiresAt: new Date("2026-11-30T00:00:00Z") } as never, now),
    ).toBe("expired");
    expect(keyStatus({ ...(base as object), revokedAt: now } as never, now)).toBe("revoked");
  });
});
