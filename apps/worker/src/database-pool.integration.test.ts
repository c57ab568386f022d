import { createDatabase } from "@kavi/db";
import { createTestDatabase } from "@kavi/testing";
import { describe, expect, it } from "vitest";
import { loadWorkerEnv } from "./env";

/**
 * The worker's queues together run more jobs at once than its pool has connections. Found by `pnpm bench load`:
 * under a burst, jobs failed after the pool's 5-second wait ("timeout exceeded when trying to connect") and were
 * retried later; the worker now waits DB_POOL_WAIT_MS (30 s) for a connection.
 */
describe("the worker's database pool", () => {
  it("waits 30 s for a free connection by default, and the setting is checked", () => {
    expect(loadWorkerEnv({}).DB_POOL_WAIT_MS).toBe(30_000);
    expect(loadWorkerEnv({ DB_POOL_WAIT_MS: "120000" }).DB_POOL_WAIT_MS).toBe(120_000);
    expect(() => loadWorkerEnv({ DB_POOL_WAIT_MS: "10" })).toThrow(/DB_POOL_WAIT_MS/);
  });

  it("a query waits its turn for the only connection instead of failing after the default 5 s", async () => {
    const url = await createTestDatabase();
    const patient = createDatabase({ url, max: 1, connectionTimeoutMs: 10_000 });
    const hasty = createDatabase({ url, max: 1, connectionTimeoutMs: 200 });
    try {
      for (const { pool } of [patient, hasty]) {
        const held = await pool.connect();
        const waiting = pool.query("select 1 as one");
        const released = new Promise((resolve) => setTimeout(resolve, 600)).then(() => held.release());
        if (pool === patient.pool) await expect(waiting).resolves.toMatchObject({ rows: [{ one: 1 }] });
        else await expect(waiting).rejects.toThrow(/timeout exceeded when trying to connect/);
        await released;
      }
    } finally {
      await patient.close();
      await hasty.close();
    }
  });
});
