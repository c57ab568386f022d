import type { Logger } from "@kavi/api";
import type { Redis } from "ioredis";

/**
 * BullMQ loses jobs if Redis evicts keys under memory pressure. INFO works on ElastiCache, where CONFIG GET
 * is disabled.
 */
export async function checkEvictionPolicy(redis: Redis, logger: Logger): Promise<string | null> {
  try {
    const info = await redis.info("memory");
    const policy = /maxmemory_policy:(\S+)/.exec(info)?.[1] ?? null;
    if (policy && policy !== "noeviction") {
      logger.warn(
        { maxmemoryPolicy: policy },
        `Redis maxmemory-policy is "${policy}": BullMQ needs "noeviction" or queued jobs can silently disappear`,
      );
    }
    return policy;
  } catch (error) {
    logger.warn({ err: error }, "could not read Redis maxmemory-policy");
    return null;
  }
}
