import type { Redis } from "ioredis";
import type { Logger } from "../logger";

export interface RateLimitRule {
  name: string;
  limit: number;
  windowSeconds: number;
}

export interface RateLimitResult {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window resets. */
  resetSeconds: number;
}

// One round trip, atomic: count this request and read how long the window has left.
const CONSUME_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {count, ttl}
`;

/**
 * Fixed-window counters in Redis, so limits hold across server instances. When Redis is unreachable the
 * request is let through (and logged): rate limiting must never take the API down with it.
 */
export async function consumeRateLimit(
  redis: Redis,
  prefix: string,
  rule: RateLimitRule,
  identity: string,
  logger: Logger,
): Promise<RateLimitResult> {
  const key = `${prefix}:ratelimit:${rule.name}:${identity}`;
  try {
    const reply = (await redis.eval(CONSUME_SCRIPT, 1, key, String(rule.windowSeconds * 1000))) as [
      number,
      number,
    ];
    const [count, ttlMs] = reply;
    return {
      allowed: count <= rule.limit,
      limit: rule.limit,
      remaining: Math.max(0, rule.limit - count),
      resetSeconds: Math.max(1, Math.ceil(ttlMs / 1000)),
    };
  } catch (error) {
    logger.warn({ err: error, rule: rule.name }, "rate limiter unavailable; allowing request");
    return { allowed: true, limit: rule.limit, remaining: rule.limit, resetSeconds: rule.windowSeconds };
  }
}
