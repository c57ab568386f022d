import { Redis, type RedisOptions } from "ioredis";

export interface RedisUrlParts {
  REDIS_URL?: string | undefined;
  REDIS_HOST?: string | undefined;
  REDIS_PORT?: string | number | undefined;
  REDIS_PASSWORD?: string | undefined;
  REDIS_TLS?: boolean | undefined;
}

/** REDIS_URL wins; otherwise the URL is composed from REDIS_* parts (ElastiCache endpoint + AUTH token). */
export function resolveRedisUrl(parts: RedisUrlParts, fallback: string): string {
  if (parts.REDIS_URL) return parts.REDIS_URL;
  if (!parts.REDIS_HOST) return fallback;
  const scheme = parts.REDIS_TLS ? "rediss" : "redis";
  const auth = parts.REDIS_PASSWORD ? `:${encodeURIComponent(parts.REDIS_PASSWORD)}@` : "";
  return `${scheme}://${auth}${parts.REDIS_HOST}:${parts.REDIS_PORT ?? 6379}`;
}

/**
 * producer: fails fast when Redis is down (no offline queue, one retry), so a request never hangs on it.
 * worker:   BullMQ workers need `maxRetriesPerRequest: null` to block and reconnect forever.
 */
export type RedisRole = "producer" | "worker";

export function createRedis(url: string, role: RedisRole, extra: RedisOptions = {}): Redis {
  const options: RedisOptions =
    role === "worker"
      ? { maxRetriesPerRequest: null, enableReadyCheck: true }
      : {
          maxRetriesPerRequest: 1,
          enableOfflineQueue: false,
          connectTimeout: 2_000,
          commandTimeout: 2_000,
        };
  return new Redis(url, { lazyConnect: false, ...options, ...extra });
}

/** Resolves once the connection is ready (a producer has no offline queue, so it must not be used before). */
export async function waitForRedis(redis: Redis, timeoutMs = 5_000): Promise<void> {
  if (redis.status === "ready") return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`Redis did not become ready within ${timeoutMs} ms`));
    }, timeoutMs);
    const onReady = () => {
      cleanup();
      resolve();
    };
    const cleanup = () => {
      clearTimeout(timer);
      redis.off("ready", onReady);
    };
    redis.on("ready", onReady);
  });
}
