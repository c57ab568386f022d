import { randomUUID } from "node:crypto";
import { apiIdempotencyKeys } from "@kavi/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { purgeExpiredAuthData } from "../services/maintenance";
import { createTestHarness, type TestHarness } from "../testing";
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  IDEMPOTENCY_WINDOW_MS,
  releaseIdempotencyKey,
  requestFingerprint,
} from "./idempotency";

let harness: TestHarness;

beforeAll(async () => {
  harness = await createTestHarness();
});

afterAll(async () => {
  await harness.close();
});

describe("Idempotency-Key records", () => {
  const now = new Date("2026-11-02T07:00:00Z");
  const body = requestFingerprint("createCustomer", { name: "Duka" });

  it("replay the first response, refuse a different request, and free up after 24 hours", async () => {
    const owner = `key:${randomUUID()}`;
    const first = await claimIdempotencyKey(harness.db, owner, "k-1", "createCustomer", body, now);
    expect(first.kind).toBe("first");
    // A repeat while the first is still running is a conflict, not a second run.
    expect((await claimIdempotencyKey(harness.db, owner, "k-1", "createCustomer", body, now)).kind).toBe(
      "conflict",
    );
    if (first.kind !== "first") throw new Error("unreachable");
    await completeIdempotencyKey(harness.db, first.id, 201, '{"id":"c-1"}');
    expect(await claimIdempotencyKey(harness.db, owner, "k-1", "createCustomer", body, now)).toEqual({
      kind: "replay",
      status: 201,
      body: '{"id":"c-1"}',
    });
    const other = requestFingerprint("createCustomer", { name: "Another" });
    expect((await claimIdempotencyKey(harness.db, owner, "k-1", "createCustomer", other, now)).kind).toBe(
      "conflict",
    );
    // Key order in the body does not matter; another caller's identical key is theirs alone.
    expect(requestFingerprint("x", { a: 1, b: { c: 2, d: 3 } })).toBe(
      requestFingerprint("x", { b: { d: 3, c: 2 }, a: 1 }),
    );
    expect(
      (await claimIdempotencyKey(harness.db, `key:${randomUUID()}`, "k-1", "createCustomer", body, now)).kind,
    ).toBe("first");
    const later = new Date(now.getTime() + IDEMPOTENCY_WINDOW_MS + 1_000);
    expect((await claimIdempotencyKey(harness.db, owner, "k-1", "createCustomer", other, later)).kind).toBe(
      "first",
    );
  });

  it("free a key whose request failed, and are purged by the nightly maintenance once expired", async () => {
    const owner = `user:${randomUUID()}`;
    const failed = await claimIdempotencyKey(harness.db, owner, "k-2", "createInvoice", body, now);
    if (failed.kind !== "first") throw new Error("expected a first claim");
    await releaseIdempotencyKey(harness.db, failed.id);
    const retried = await claimIdempotencyKey(harness.db, owner, "k-2", "createInvoice", body, now);
    expect(retried.kind).toBe("first");

    const purged = await purgeExpiredAuthData(
      harness.db,
      new Date(now.getTime() + IDEMPOTENCY_WINDOW_MS + 1_000),
    );
    expect(purged.idempotencyKeys).toBeGreaterThanOrEqual(1);
    const left = await harness.db
      .select()
      .from(apiIdempotencyKeys)
      .where(eq(apiIdempotencyKeys.owner, owner));
    expect(left).toEqual([]);
  });
});
