import { inject } from "vitest";
import { createDatabase, randomSuffix } from "./databases";

export interface TestRun {
  runId: string;
  databaseServerUrl: string;
  databasePrefix: string;
  templateDatabase: string;
  redisUrl: string;
  redisPrefix: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    kaviTestRun: TestRun;
  }
}

export function testRun(): TestRun {
  return inject("kaviTestRun");
}

/** A fresh, fully migrated database for the calling test file. */
export async function createTestDatabase(): Promise<string> {
  const run = testRun();
  return createDatabase(
    run.databaseServerUrl,
    `${run.databasePrefix}${randomSuffix()}`,
    run.templateDatabase,
  );
}

/** A Redis key prefix no other test file shares. */
export function createTestRedisPrefix(): string {
  return `${testRun().redisPrefix}-${randomSuffix()}`;
}
