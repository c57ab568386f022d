import { createDatabase as createDrizzle, runMigrations } from "@kavi/db";
import { Redis } from "ioredis";
import type { TestProject } from "vitest/node";
import { createDatabase, dropDatabasesWithPrefix, randomSuffix } from "./databases";
import { testDatabaseServerUrl, testRedisUrl } from "./env";
import type { TestRun } from "./run";

/**
 * One run's template, shared by every project of that run: vitest calls this setup once per project (api, jobs,
 * server, worker, e2e) in its one main process, and migrating once instead of five times saves a few seconds each.
 * The last project's teardown drops what the run created.
 */
interface SharedRun {
  run: Promise<TestRun>;
  projects: number;
}
const SHARED = Symbol.for("kavi.testing.shared-run");
type WithSharedRun = typeof globalThis & { [SHARED]?: SharedRun };

async function createRun(): Promise<TestRun> {
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
  return {
    runId,
    databaseServerUrl: testDatabaseServerUrl,
    databasePrefix,
    templateDatabase,
    redisUrl: testRedisUrl,
    redisPrefix: `kavi-test-${runId}`,
  };
}

async function dropRun(run: TestRun): Promise<void> {
  await dropDatabasesWithPrefix(testDatabaseServerUrl, run.databasePrefix);
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
}

/**
 * Once per test run: a template database with every migration applied. Each test file then clones it
 * (fast, file-level copy), so files never see each other's rows. Everything is dropped at the end.
 */
export default async function setup(project: TestProject) {
  const global = globalThis as WithSharedRun;
  const shared = global[SHARED] ?? { run: createRun(), projects: 0 };
  global[SHARED] = shared;
  shared.projects += 1;
  let run: TestRun;
  try {
    run = await shared.run;
  } catch (error) {
    // A failed template is not kept for the next project (nor a watch-mode rerun).
    if (global[SHARED] === shared) delete global[SHARED];
    throw error;
  }
  project.provide("kaviTestRun", run);

  return async () => {
    shared.projects -= 1;
    if (shared.projects > 0) return;
    if (global[SHARED] === shared) delete global[SHARED];
    await dropRun(run);
  };
}
