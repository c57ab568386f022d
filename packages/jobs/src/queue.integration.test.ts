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
    // Found by key: the list comes ordered by next run, which depends on the hour the test runs at.
    const purge = (await jobs.queue("maintenance").getJobSchedulers()).find(
      (scheduler) => scheduler.key === "maintenance.purge-expired-auth",
    );
    expect(purge).toMatchObject({
      key: "maintenance.purge-expired-auth",
      pattern: "30 3 * * *",
      tz: "Africa/Nairobi",
    });
  });
});
