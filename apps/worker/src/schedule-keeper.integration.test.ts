import { silentLogger } from "@kavi/api";
import {
  createJobQueue,
  createRedis,
  type JobQueue,
  missingSchedules,
  schedules,
  syncSchedules,
} from "@kavi/jobs";
import { createTestRedisPrefix, testRun } from "@kavi/testing";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keepSchedules } from "./schedule-keeper";

let prefix: string;
let connection: Redis;
let admin: Redis;
let jobs: JobQueue;

/** Redis restarted without persistence: every key of this test's prefix is gone. */
async function loseEverything(): Promise<void> {
  const keys = await admin.keys(`${prefix}:*`);
  if (keys.length > 0) await admin.del(...keys);
}

async function eventually(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  prefix = createTestRedisPrefix();
  connection = createRedis(testRun().redisUrl, "worker");
  admin = createRedis(testRun().redisUrl, "worker");
  jobs = createJobQueue({ connection, prefix });
  await syncSchedules(jobs);
});

afterAll(async () => {
  await loseEverything();
  await jobs.close();
  connection.disconnect();
  admin.disconnect();
});

describe("the worker keeps its schedules when Redis forgets them", () => {
  it("writes every schedule back when its Redis connection is re-established", async () => {
    const keeper = keepSchedules({ jobs, connections: [connection], logger: silentLogger, checkEveryMs: 0 });
    try {
      await loseEverything();
      expect(await missingSchedules(jobs)).toEqual(Object.keys(schedules));
      connection.disconnect(true);
      await eventually(async () => (await missingSchedules(jobs)).length === 0);
    } finally {
      keeper.close();
    }
  });

  it("finds and restores lost schedules on its periodic check, without a reconnect", async () => {
    let tick: (() => void) | null = null;
    const keeper = keepSchedules({
      jobs,
      connections: [connection],
      logger: silentLogger,
      checkEveryMs: 60_000,
      setTimer: (callback) => {
        tick = callback;
        return 1;
      },
      clearTimer: () => undefined,
    });
    try {
      await loseEverything();
      expect(await keeper.check()).toEqual(Object.keys(schedules));
      expect(await missingSchedules(jobs)).toEqual([]);
      expect(tick).not.toBeNull();
      // Nothing missing: the next check changes nothing.
      expect(await keeper.check()).toEqual([]);
    } finally {
      keeper.close();
    }
  });
});
