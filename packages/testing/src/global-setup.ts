import { createDatabase as createDrizzle, runMigrations } from "@kavi/db";
import { Redis } from "ioredis";
import type { TestProject } from "vitest/node";
import { createDatabase, dropDatabasesWithPrefix, randomSuffix } from "./databases";
import { testDatabaseServerUrl, testRedisUrl } from "./env";
import type { TestRun } from "./run";

/**
 * Once per test project: a template database with every migration applied. Each test file then clones it
 * (fast, file-level copy), so files never see each other's rows. Everything is dropped at the end.
 */
export default async function setup(project: TestProject) {
  const runId = `${Date.now().toString(36)}_${randomSuffix(3)}`;
  const databasePrefix = `kavi_test_${runId}_`;
  const templateDatabase = `${databasePrefix}template`;
  const templateUrl = await createDatabase(testDatabaseServerUrl, templateDatabase);
  const handle = createDrizzle({ url: templateUrl, max: 1 });
  try {
    await runMigrations(handle.db);
  } finally {
    await handle.close();
  }
  const run: TestRun = {
    runId,
    databaseServerUrl: testDatabaseServerUrl,
    databasePrefix,
    templateDatabase,
    redisUrl: testRedisUrl,
    redisPrefix: `kavi-test-${runId}`,
  };
  project.provide("kaviTestRun", run);

  return async () => {
    await dropDatabasesWithPrefix(testDatabaseServerUrl, databasePrefix);
    const redis = new Redis(testRedisUrl, { maxRetriesPerRequest: 1 });
    try {
      let cursor = "0";
      do {
        const [next, keys] = await redis.scan(cursor, "MATCH", `${run.redisPrefix}*`, "COUNT", 1000);
        cursor = next;
        if (keys.length > 0) await redis.del(...keys);
      } while (cursor !== "0");
    } finally {
      redis.disconnect();
    }
  };
}
