import { createRedis, waitForRedis } from "@kavi/jobs";
import { createTestRedisPrefix, testRun } from "@kavi/testing";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "../logger";
import { addressSubject } from "./client-ip";
import { consumeRateLimit, localRateLimitWindows, type RateLimitRule } from "./rate-limit";

let redis: Redis;
let otherInstance: Redis;

beforeAll(async () => {
  // Connections of their own: the limiter (and its memory) is per connection, like one server process.
  redis = createRedis(testRun().redisUrl, "producer");
  otherInstance = createRedis(testRun().redisUrl, "producer");
  await Promise.all([waitForRedis(redis), waitForRedis(otherInstance)]);
});
afterAll(() => {
  redis.disconnect();
  otherInstance.disconnect();
});

const hourly = (limit: number): RateLimitRule => ({ name: "flood", limit, windowSeconds: 3600 });

async function keysUnder(prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = "0";
  do {
    const [next, batch] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== "0");
  return keys;
}

describe("security: rate limiter under a flood of identities", () => {
  it("attack: 2,000 made-up client identities do not grow the process's windows past the bound", async () => {
    const prefix = createTestRedisPrefix();
    for (let client = 0; client < 2_000; client += 1) {
      await consumeRateLimit(
        redis,
        prefix,
        hourly(1000),
        `ip:198.18.${client >> 8}.${client & 255}`,
        silentLogger,
        {
          maxLocalWindows: 200,
        },
      );
    }
    expect(localRateLimitWindows(redis)).toBeLessThanOrEqual(200);
  });

  it("attack: every key a flood leaves in Redis expires with its window", async () => {
    const prefix = createTestRedisPrefix();
    const rule: RateLimitRule = { name: "flood", limit: 1000, windowSeconds: 60 };
    for (let client = 0; client < 300; client += 1) {
      // Several requests each, so most are counted locally and reach Redis through the batched flush.
      for (let request = 0; request < 5; request += 1) {
        await consumeRateLimit(redis, prefix, rule, `user:${client}`, silentLogger, { maxLocalWindows: 100 });
      }
    }
    await expect.poll(async () => (await keysUnder(prefix)).length).toBe(300);
    const ttls = await Promise.all((await keysUnder(prefix)).map((key) => redis.pttl(key)));
    expect(ttls.every((ttl) => ttl > 0 && ttl <= 60_000)).toBe(true);
  });

  it("keeps the counts of a window it drops from memory: they are sent to Redis first", async () => {
    const prefix = createTestRedisPrefix();
    // Far from its limit, this client's requests are admitted locally and only sent in batches.
    for (let request = 0; request < 30; request += 1) {
      await consumeRateLimit(redis, prefix, hourly(1000), "user:regular", silentLogger, {
        maxLocalWindows: 50,
      });
    }
    // A flood pushes it out of memory before its batch is sent.
    for (let client = 0; client < 200; client += 1) {
      await consumeRateLimit(redis, prefix, hourly(1000), `ip:flood-${client}`, silentLogger, {
        maxLocalWindows: 50,
      });
    }
    await expect.poll(async () => Number(await redis.get(`${prefix}:ratelimit:flood:user:regular`))).toBe(30);
  });

  it("attack: a burst of concurrent requests from one client through two instances gets the limit, no more, no less", async () => {
    const prefix = createTestRedisPrefix();
    let admitted = 0;
    // 50 requests in flight at once, alternating between the instances, 2,000 in all against a limit of 500.
    await Promise.all(
      Array.from({ length: 50 }, async (_, worker) => {
        for (let request = 0; request < 40; request += 1) {
          const instance = (worker + request) % 2 === 0 ? redis : otherInstance;
          const outcome = await consumeRateLimit(instance, prefix, hourly(500), "user:burst", silentLogger);
          if (outcome.allowed) admitted += 1;
        }
      }),
    );
    // Never fewer (a limiter that over-counts locks honest clients out); more only by what one instance may
    // admit locally between two replies from Redis (5 % of the limit).
    expect(admitted).toBeGreaterThanOrEqual(500);
    expect(admitted).toBeLessThanOrEqual(525);
    await expect.poll(async () => Number(await redis.get(`${prefix}:ratelimit:flood:user:burst`))).toBe(2000);
  });

  it("attack: rotating through the addresses of one IPv6 /64 counts as one client", () => {
    const subjects = new Set(
      ["2001:db8:aa:bb::1", "2001:db8:aa:bb:ffff:ffff:ffff:ffff", "2001:0db8:00aa:00bb:1:2:3:4"].map(
        addressSubject,
      ),
    );
    expect([...subjects]).toEqual(["2001:db8:aa:bb::/64"]);
    expect(addressSubject("2001:db8:aa:bc::1")).not.toBe("2001:db8:aa:bb::/64");
    expect(addressSubject("::ffff:203.0.113.9")).toBe("203.0.113.9");
    expect(addressSubject("203.0.113.9")).toBe("203.0.113.9");
    expect(addressSubject(null)).toBe("unknown");
    expect(addressSubject("not an address")).toBe("unknown");
  });
});
