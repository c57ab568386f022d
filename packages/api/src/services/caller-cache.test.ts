import { describe, expect, it } from "vitest";
import type { Caller } from "./caller";
import { CallerCache } from "./caller-cache";

const businessId = "3f1c2a9e-8b7d-4c6e-9f0a-1b2c3d4e5f60";

function callerOf(sessionId: string, userId = "user-1"): Caller {
  return {
    user: { id: userId, email: "a@example.co.ke", fullName: "A", isSuperAdmin: false, emailVerified: true },
    sessionId,
    business: {
      id: businessId,
      legalName: "Duka",
      tradingName: null,
      baseCurrency: "KES",
      timezone: "Africa/Nairobi",
    },
    membership: { id: "m-1", role: "staff", modules: ["invoices"] },
  };
}

describe("caller cache", () => {
  it("keeps a caller for the TTL and no longer", () => {
    const cache = new CallerCache(2_000);
    cache.remember(callerOf("s1"), businessId, 1_000, cache.generation());
    expect(cache.read("s1", businessId, 2_999)?.sessionId).toBe("s1");
    expect(cache.read("s1", businessId, 3_000)).toBeNull();
  });

  it("never keeps a missing membership", () => {
    const cache = new CallerCache();
    cache.remember(
      { ...callerOf("s1"), membership: null, business: null },
      businessId,
      0,
      cache.generation(),
    );
    expect(cache.read("s1", businessId, 1)).toBeNull();
  });

  it("forgets by business, user or session", () => {
    const cache = new CallerCache();
    cache.remember(callerOf("s1"), businessId, 0, cache.generation());
    const signedIn = { ...callerOf("s2", "user-2"), business: null, membership: null };
    cache.remember(signedIn, null, 0, cache.generation());
    cache.forget({ businessId });
    expect(cache.read("s1", businessId, 1)).toBeNull();
    expect(cache.read("s2", null, 1)).not.toBeNull();
    cache.forget({ userId: "user-2" });
    expect(cache.read("s2", null, 1)).toBeNull();
  });

  it("does not store a load that started before a forget (it may have read the old rows)", () => {
    const cache = new CallerCache();
    const before = cache.generation();
    cache.forget({ businessId });
    cache.remember(callerOf("s1"), businessId, 0, before);
    expect(cache.read("s1", businessId, 1)).toBeNull();
    cache.remember(callerOf("s1"), businessId, 0, cache.generation());
    expect(cache.read("s1", businessId, 1)).not.toBeNull();
  });

  it("instances are separate: one per process, built at start-up", () => {
    const one = new CallerCache();
    const other = new CallerCache();
    one.remember(callerOf("s1"), businessId, 0, one.generation());
    expect(other.read("s1", businessId, 1)).toBeNull();
  });
});
