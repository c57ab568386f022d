import { createRedis, waitForRedis } from "@kavi/jobs";
import { createTestRedisPrefix, testRun } from "@kavi/testing";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "../logger";
import { consumeRateLimit, type RateLimitRule } from "./rate-limit";

let serverA: Redis;
let serverB: Redis;

beforeAll(async () => {
  // Two connections stand for two server instances: each gets its own limiter.
  serverA = createRedis(testRun().redisUrl, "producer");
  serverB = createRedis(testRun().redisUrl, "producer");
  await Promise.all([waitForRedis(serverA), waitForRedis(serverB)]);
});

afterAll(() => {
  serverA.disconnect();
  serverB.disconnect();
});

const rule = (limit: number): RateLimitRule => ({ name: "test", limit, windowSeconds: 3600 });

describe("rate limiter", () => {
  it("admits exactly the limit, then refuses with the time left", async () => {
    const prefix = createTestRedisPrefix();
    const outcomes = [];
    for (let request = 0; request < 25; request += 1) {
      outcomes.push(await consumeRateLimit(serverA, prefix, rule(10), "ip:a", silentLogger));
    }
    expect(outcomes.filter((outcome) => outcome.allowed)).toHaveLength(10);
    expect(outcomes.at(-1)).toMatchObject({ allowed: false, remaining: 0 });
    expect(outcomes.at(-1)?.resetSeconds).toBeGreaterThan(3500);
  });

  it("holds the limit across instances even while counting locally far from it", async () => {
    const prefix = createTestRedisPrefix();
    let allowed = 0;
    for (let request = 0; request < 600; request += 1) {
      const instance = request % 3 === 0 ? serverB : serverA;
      if ((await consumeRateLimit(instance, prefix, rule(200), "user:shared", silentLogger)).allowed)
        allowed += 1;
    }
    expect(allowed).toBe(200);
  });

  it("records locally admitted requests in Redis shortly after", async () => {
    const prefix = createTestRedisPrefix();
    for (let request = 0; request < 40; request += 1) {
      await consumeRateLimit(serverA, prefix, rule(1000), "user:busy", silentLogger);
    }
    await expect.poll(async () => Number(await serverA.get(`${prefix}:ratelimit:test:user:busy`))).toBe(40);
  });

  it("lets requests through when Redis is unreachable", async () => {
    const down = createRedis("redis://127.0.0.1:6", "producer");
    down.on("error", () => undefined);
    try {
      const outcome = await consumeRateLimit(down, createTestRedisPrefix(), rule(1), "ip:b", silentLogger);
      expect(outcome.allowed).toBe(true);
    } finally {
      down.disconnect();
    }
  });
});
