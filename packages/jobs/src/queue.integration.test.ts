import { createTestRedisPrefix, testRun } from "@kavi/testing";
import { type Job, QueueEvents } from "bullmq";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createJobQueue, InvalidJobPayloadError, type JobQueue } from "./queue";
import { createRedis, waitForRedis } from "./redis";
import { schedules } from "./registry";
import { syncSchedules } from "./schedules";
import { createQueueWorker } from "./worker";

let producer: Redis;
let workerConnection: Redis;
let prefix: string;
let jobs: JobQueue;

beforeAll(async () => {
  prefix = createTestRedisPrefix();
  producer = createRedis(testRun().redisUrl, "producer");
  workerConnection = createRedis(testRun().redisUrl, "worker");
  await waitForRedis(producer);
  jobs = createJobQueue({ connection: producer, prefix });
});

afterAll(async () => {
  await jobs.close();
  producer.disconnect();
  workerConnection.disconnect();
});

const EMAIL_ID = "6f2d1c7e-8a4b-4c2d-9e1f-0a1b2c3d4e5f";

describe("typed enqueue", () => {
  it("validates payloads before they reach Redis", async () => {
    await expect(jobs.enqueue("email.send", { emailId: "nope" } as never)).rejects.toBeInstanceOf(
      InvalidJobPayloadError,
    );
    expect(await jobs.queue("email").count()).toBe(0);
  });

  it("uses the contract's deterministic id, so enqueueing twice keeps one job", async () => {
    const first = await jobs.enqueue("email.send", { emailId: EMAIL_ID });
    const second = await jobs.enqueue("email.send", { emailId: EMAIL_ID });
    expect(first.jobId).toBe(`email-${EMAIL_ID}`);
    expect(second.jobId).toBe(first.jobId);
    expect(await jobs.queue("email").getJobCounts("waiting")).toEqual({ waiting: 1 });
    await jobs.queue("email").obliterate({ force: true });
  });
});

describe("worker", () => {
  it("parses payloads with the job's schema and fails a bad one without retrying", async () => {
    const seen: string[] = [];
    const events = new QueueEvents("email", {
      connection: createRedis(testRun().redisUrl, "worker"),
      prefix,
    });
    await events.waitUntilReady();
    const worker = createQueueWorker(
      "email",
      {
        "email.send": async ({ emailId }) => {
          seen.push(emailId);
          return "sent";
        },
        "email.sweep": async () => 0,
      },
      { connection: workerConnection, prefix },
    );
    try {
      const good = await jobs.queue("email").add("email.send", { emailId: EMAIL_ID }, { attempts: 5 });
      await good.waitUntilFinished(events, 10_000);
      expect(seen).toEqual([EMAIL_ID]);

      // A producer that bypassed enqueue() (or an old deploy) left a payload the schema refuses.
      const bad = await jobs.queue("email").add("email.send", { emailId: 42 }, { attempts: 5 });
      await expect(bad.waitUntilFinished(events, 10_000)).rejects.toThrow(
        /Invalid payload for job email.send/,
      );
      const failed = (await jobs.queue("email").getJob(String(bad.id))) as Job;
      expect(failed.attemptsMade).toBe(1);
      expect(await failed.getState()).toBe("failed");
    } finally {
      await worker.close();
      await events.close();
    }
  });

  it("completes a job whose handler returns money (bigint) once, storing the amount as a string", async () => {
    // Found by `pnpm bench load`: BullMQ serialised the forecast refresh's result after the work was done and threw
    // on its bigint, so finished work was marked failed and run again, three times.
    const events = new QueueEvents("insights", {
      connection: createRedis(testRun().redisUrl, "worker"),
      prefix,
    });
    await events.waitUntilReady();
    let runs = 0;
    const worker = createQueueWorker(
      "insights",
      {
        "forecast.refresh": async () => {
          runs += 1;
          return { lowestBalanceMinor: -12_345_678_901_234_567n, alert: null, days: [1n, 2] };
        },
        "forecast.refresh-all": async () => ({ businesses: 0 }),
        "credit.refresh": async () => null,
        "credit.refresh-all": async () => ({ businesses: 0 }),
      },
      { connection: workerConnection, prefix },
    );
    try {
      const job = await jobs
        .queue("insights")
        .add(
          "forecast.refresh",
          { businessId: EMAIL_ID },
          { attempts: 3, backoff: { type: "fixed", delay: 10 } },
        );
      await expect(job.waitUntilFinished(events, 10_000)).resolves.toEqual({
        lowestBalanceMinor: "-12345678901234567",
        alert: null,
        days: ["1", 2],
      });
      const done = (await jobs.queue("insights").getJob(String(job.id))) as Job;
      expect(await done.getState()).toBe("completed");
      expect(done.attemptsMade).toBe(1);
      expect(runs).toBe(1);
    } finally {
      await worker.close();
      await events.close();
      await jobs.queue("insights").obliterate({ force: true });
    }
  });
});

describe("schedules", () => {
  it("writes every declared schedule and removes ones the code no longer declares", async () => {
    await jobs
      .queue("email")
      .upsertJobScheduler("retired-schedule", { every: 60_000 }, { name: "email.sweep", data: {} });
    const names = await syncSchedules(jobs);
    expect(names.sort()).toEqual(Object.keys(schedules).sort());
    const emailSchedulers = await jobs.queue("email").getJobSchedulers();
    expect(emailSchedulers.map((scheduler) => scheduler.key)).toEqual(["email.sweep"]);
    // BullMQ lists schedulers by their next run, which depends on the day and hour: find by key, not position.
    const maintenance = await jobs.queue("maintenance").getJobSchedulers();
    expect(maintenance.map((scheduler) => scheduler.key).sort()).toEqual(
      Object.keys(schedules)
        .filter((name) => name.startsWith("maintenance."))
        .sort(),
    );
    const purge = maintenance.find((scheduler) => scheduler.key === "maintenance.purge-expired-auth");
    expect(purge).toMatchObject({
      key: "maintenance.purge-expired-auth",
      pattern: "30 3 * * *",
      tz: "Africa/Nairobi",
    });
  });
});
