import { createDatabase } from "@kavi/db";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  appErrorFromDatabase,
  CONSTRAINT_MESSAGES,
  isForeignKeyViolation,
  OVERLOAD_RETRY_AFTER_SECONDS,
} from "./database-errors";
import { toTRPCError } from "./errors";
import { createTestHarness, type TestHarness } from "./testing";

let harness: TestHarness;

beforeAll(async () => {
  harness = await createTestHarness();
});

afterAll(async () => {
  await harness.close();
});

async function failureOf(statement: ReturnType<typeof sql>): Promise<unknown> {
  try {
    await harness.db.execute(statement);
  } catch (error) {
    return error;
  }
  throw new Error("expected the statement to fail");
}

describe("database errors", () => {
  it("names only constraints the schema has", async () => {
    const result = await harness.db.execute<{ name: string }>(sql`
      select conname as name from pg_constraint
      union select indexname as name from pg_indexes where schemaname = 'public'
    `);
    const names = new Set(result.rows.map((row) => row.name));
    const unknown = Object.keys(CONSTRAINT_MESSAGES).filter((name) => !names.has(name));
    expect(unknown, "constraint messages for constraints that do not exist").toEqual([]);
  });

  it("turns a unique violation into its message at its field, through drizzle's wrapping", async () => {
    const email = `dup-${Date.now()}@example.co.ke`;
    const insert = sql`insert into users (email, full_name, password_hash) values (${email}, 'A', 'x')`;
    await harness.db.execute(insert);
    const mapped = appErrorFromDatabase(await failureOf(insert));
    expect(mapped?.code).toBe("CONFLICT");
    expect(mapped?.fieldErrors).toEqual({ email: ["An account with this email already exists"] });
  });

  it("knows a foreign-key violation and leaves other failures alone", async () => {
    const orphan = await failureOf(
      sql`insert into memberships (business_id, user_id, role) values (gen_random_uuid(), gen_random_uuid(), 'staff')`,
    );
    expect(isForeignKeyViolation(orphan)).toBe(true);
    expect(appErrorFromDatabase(orphan)?.code).toBe("BAD_REQUEST");
    const broken = await failureOf(sql`select * from no_such_table`);
    expect(isForeignKeyViolation(broken)).toBe(false);
    expect(appErrorFromDatabase(broken)).toBeNull();
    expect(appErrorFromDatabase(new Error("plain"))).toBeNull();
  });

  it("a pool with no connection free in time is a 503 to retry after a moment, not a 500", async () => {
    const small = createDatabase({ url: harness.databaseUrl, max: 1, applicationName: "kavi-test-overload" });
    const held = await small.pool.connect();
    try {
      let failure: unknown = null;
      try {
        await small.db.execute(sql`select 1`);
      } catch (error) {
        failure = error;
      }
      const mapped = appErrorFromDatabase(failure);
      expect(mapped?.code).toBe("SERVICE_UNAVAILABLE");
      expect(mapped?.retryAfterSeconds).toBe(OVERLOAD_RETRY_AFTER_SECONDS);
      expect(getHTTPStatusCodeFromError(toTRPCError(failure))).toBe(503);
    } finally {
      held.release();
      await small.close();
    }
  });
});
