/**
 * Our rate limiter (packages/api/src/security/rate-limit.ts: counts batched locally while a client is far from its
 * limit, exact near it) against rate-limiter-flexible's RateLimiterRedis (one atomic Redis call per request), on
 * the same Redis, as the tRPC middleware uses them: one consume per request.
 *
 *   pnpm bench rate-limit     (BENCH_RL_REQUESTS=40000 BENCH_CONCURRENCY=50 BENCH_RL_CLIENTS=200)
 *
 * 1. Request path: signed-in clients far from their hourly limit (the common case), two "instances" (two Redis
 *    connections) sharing the load: consumes/s and the latency one consume adds to a request.
 * 2. Exactness: one client hammering a limit of 500 through both instances: how many were admitted.
 * 3. Flood: 100,000 distinct identities (made-up addresses): how many windows our process keeps (the LRU bound).
 * Prints figures; deletes its Redis keys.
 */
import { randomBytes } from "node:crypto";
import { silentLogger } from "@kavi/api";
import { consumeRateLimit, localRateLimitWindows } from "@kavi/api/rate-limit";
import { Redis } from "ioredis";
import { RateLimiterRedis } from "rate-limiter-flexible";

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const REQUESTS = Number(process.env.BENCH_RL_REQUESTS ?? 40_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const CLIENTS = Number(process.env.BENCH_RL_CLIENTS ?? 200);
const prefix = `bench_rl_${randomBytes(4).toString("hex")}`;

type Consume = (identity: string, instance: number) => Promise<boolean>;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function measure(name: string, consume: Consume): Promise<void> {
  let next = 0;
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < REQUESTS) {
        const index = next++;
        const began = performance.now();
        await consume(`user:${index % CLIENTS}`, index % 2);
        latencies.push(performance.now() - began);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  console.log(
    `${name.padEnd(34)} ${Math.round(REQUESTS / seconds)
      .toLocaleString("en")
      .padStart(
        8,
      )} consumes/s   p50 ${percentile(latencies, 50).toFixed(3)} ms   p99 ${percentile(latencies, 99).toFixed(3)} ms`,
  );
}

async function exactness(name: string, consume: Consume): Promise<void> {
  let admitted = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, worker) => {
      for (let request = 0; request < 40; request += 1) {
        if (await consume("user:hot", (worker + request) % 2)) admitted += 1;
      }
    }),
  );
  console.log(`${name.padEnd(34)} admitted ${admitted} of ${CONCURRENCY * 40} against a limit of 500`);
}

async function main() {
  const connections = [new Redis(REDIS_URL), new Redis(REDIS_URL)];
  const extra = [new Redis(REDIS_URL), new Redis(REDIS_URL)];
  try {
    const ours = (limit: number, run: string, redis: Redis[]): Consume => {
      return async (identity, instance) =>
        (
          await consumeRateLimit(
            redis[instance] as Redis,
            `${prefix}:${run}`,
            { name: "bench", limit, windowSeconds: 3600 },
            identity,
            silentLogger,
          )
        ).allowed;
    };
    const flexible = (limit: number, run: string): Consume => {
      const limiters = connections.map(
        (storeClient) =>
          new RateLimiterRedis({ storeClient, keyPrefix: `${prefix}:${run}`, points: limit, duration: 3600 }),
      );
      return async (identity, instance) =>
        (limiters[instance] as RateLimiterRedis).consume(identity).then(
          () => true,
          (rejection: unknown) => {
            if (rejection instanceof Error) throw rejection;
            return false;
          },
        );
    };

    console.log(
      `\n1. Request path: ${REQUESTS.toLocaleString("en")} consumes, ${CLIENTS} clients, ${CONCURRENCY} at a time, two instances`,
    );
    await measure("ours (batched near-limit-exact)", ours(1_000_000, "a", connections));
    await measure("rate-limiter-flexible (Redis)", flexible(1_000_000, "b"));

    console.log("\n2. Exactness near the limit (one client, two instances)");
    await exactness("ours", ours(500, "c", extra));
    await exactness("rate-limiter-flexible", flexible(500, "d"));

    console.log("\n3. Flood: 100,000 distinct identities through one process");
    const flood = new Redis(REDIS_URL);
    for (let batch = 0; batch < 100; batch += 1) {
      await Promise.all(
        Array.from({ length: 1000 }, (_, index) =>
          consumeRateLimit(
            flood,
            `${prefix}:e`,
            { name: "flood", limit: 100, windowSeconds: 60 },
            `ip:flood-${batch}-${index}`,
            silentLogger,
            { maxLocalWindows: 10_000 },
          ),
        ),
      );
    }
    console.log(
      `ours: ${localRateLimitWindows(flood).toLocaleString("en")} windows in memory (bound 10,000)`,
    );
    flood.disconnect();
  } finally {
    const cleaner = connections[0] as Redis;
    let cursor = "0";
    do {
      const [nextCursor, keys] = await cleaner.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
      cursor = nextCursor;
      if (keys.length > 0) await cleaner.del(...keys);
    } while (cursor !== "0");
    for (const connection of [...connections, ...extra]) connection.disconnect();
  }
}

await main();
