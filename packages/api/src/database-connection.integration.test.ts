import { createDatabase } from "@kavi/db";
import { createTestDatabase } from "@kavi/testing";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";

/**
 * Issue 13's chaos bench: a PostgreSQL restart ended the worker, because a connection the server drops emits `error`
 * on its client and a checked-out client (a transaction waiting for Daraja) had no listener. Now the pool and every
 * client report to onIdleError, the pool discards the dead connection, and the process carries on.
 */
describe("a connection PostgreSQL drops", () => {
  it("is reported and replaced, whether checked out or idle; the process survives", async () => {
    const url = await createTestDatabase();
    const errors: Error[] = [];
    const handle = createDatabase({ url, max: 3, onIdleError: (error) => errors.push(error) });
    const admin = createDatabase({ url, max: 1, applicationName: "kavi-test-admin" });
    try {
      // One connection held by "a transaction" between statements, one back in the pool.
      const held = await handle.pool.connect();
      await held.query("select 1");
      await handle.db.execute(sql`select 1`);
      const terminated = await admin.db.execute<{ count: string }>(
        sql`select count(*)::text as count from (
              select pg_terminate_backend(pid) from pg_stat_activity
              where datname = current_database() and application_name = 'kavi' and pid <> pg_backend_pid()) as killed`,
      );
      expect(Number(terminated.rows[0]?.count)).toBe(2);
      const deadline = Date.now() + 10_000;
      while (errors.length < 2 && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 20));
      expect(errors.length).toBeGreaterThanOrEqual(2);
      // The held one fails its next statement (its caller sees the error) and is discarded on release.
      await expect(held.query("select 1")).rejects.toThrow();
      held.release(true);
      // The pool drops the dead idle connection when its error arrives, which a loaded machine can deliver late.
      const removed = Date.now() + 10_000;
      while (handle.pool.totalCount > 0 && Date.now() < removed)
        await new Promise((resolve) => setTimeout(resolve, 20));
      const again = await handle.db.execute<{ one: number }>(sql`select 1 as one`);
      expect(again.rows[0]).toEqual({ one: 1 });
    } finally {
      await admin.close();
      await handle.close();
    }
  });
});
