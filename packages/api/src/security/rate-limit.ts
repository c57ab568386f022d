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

// One round trip, atomic: add this process's requests and read the total and how long the window has left.
const CONSUME_SCRIPT = `
local count = redis.call('INCRBY', KEYS[1], ARGV[2])
if count == tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {count, ttl}
`;

type RateLimitRedis = Redis & {
  kaviConsumeRateLimit(key: string, windowMs: string, increment: string): Promise<[number, number]>;
};

/** Registers the script once per connection; ioredis then calls it by SHA (EVALSHA), not by sending its text. */
function withScript(redis: Redis): RateLimitRedis {
  const candidate = redis as RateLimitRedis;
  if (typeof candidate.kaviConsumeRateLimit !== "function") {
    redis.defineCommand("kaviConsumeRateLimit", { numberOfKeys: 1, lua: CONSUME_SCRIPT });
  }
  return candidate;
}

/**
 * Below this share of the limit (as last read from Redis, plus what this process has let through since), a
 * request is admitted without waiting for Redis and counted there a moment later; above it every request asks
 * Redis. So a busy client pays no round trip until it nears its limit, and the limit itself stays exact across
 * instances: the headroom absorbs what other instances admitted since the last read.
 */
const LOCAL_SHARE = 0.8;
/** At most this share of the limit is admitted locally between two replies from Redis. */
const LOCAL_BATCH_SHARE = 0.05;
const FLUSH_DELAY_MS = 100;

interface WindowState {
  windowEndsAt: number;
  /** The count Redis last reported for this window. */
  knownCount: number;
  /** Admitted here and not yet sent to Redis. */
  pending: number;
  /** Sent to Redis, reply not yet received: still counted when deciding locally, or concurrent requests overshoot. */
  sending: number;
  /**
   * Admitted locally since Redis last replied. Local admissions resolve without giving Redis's replies a chance to
   * arrive, so a burst of concurrent requests could otherwise admit far beyond what other instances can absorb.
   */
  localSinceReply: number;
  windowMs: number;
}

/** Windows a process keeps in memory unless configured otherwise (RATE_LIMIT_LOCAL_WINDOWS). */
export const DEFAULT_MAX_LOCAL_WINDOWS = 10_000;

class RateLimiter {
  /** Least recently used first: a Map iterates in insertion order, and every use re-inserts its key. */
  private readonly windows = new Map<string, WindowState>();
  private flushTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly redis: Redis,
    private readonly logger: Logger,
    public maxWindows: number,
  ) {}

  /** How many windows this process holds in memory (for tests and the bench). */
  get size(): number {
    return this.windows.size;
  }

  async consume(key: string, rule: RateLimitRule, now: number): Promise<RateLimitResult> {
    const windowMs = rule.windowSeconds * 1000;
    let state = this.windows.get(key);
    if (state && now >= state.windowEndsAt && state.sending === 0) state = undefined;
    if (state) {
      const projected = state.knownCount + state.sending + state.pending + 1;
      const batch = Math.floor(rule.limit * LOCAL_BATCH_SHARE);
      if (projected <= rule.limit * LOCAL_SHARE && state.localSinceReply < batch) {
        state.pending += 1;
        state.localSinceReply += 1;
        this.touch(key, state);
        this.scheduleFlush();
        return {
          allowed: true,
          limit: rule.limit,
          remaining: rule.limit - projected,
          resetSeconds: Math.max(1, Math.ceil((state.windowEndsAt - now) / 1000)),
        };
      }
    }
    state ??= {
      windowEndsAt: now + windowMs,
      knownCount: 0,
      pending: 0,
      sending: 0,
      localSinceReply: 0,
      windowMs,
    };
    this.touch(key, state);
    // This request, with whatever was admitted here since the last send.
    const increment = state.pending + 1;
    state.pending = 0;
    state.sending += increment;
    let reply: [number, number];
    try {
      reply = await withScript(this.redis).kaviConsumeRateLimit(key, String(windowMs), String(increment));
    } finally {
      state.sending -= increment;
    }
    const [count, ttlMs] = reply;
    // Replies on one connection arrive in order, so this is the latest count Redis has.
    state.knownCount = count;
    state.localSinceReply = 0;
    state.windowEndsAt = now + ttlMs;
    return {
      allowed: count <= rule.limit,
      limit: rule.limit,
      remaining: Math.max(0, rule.limit - count),
      resetSeconds: Math.max(1, Math.ceil(ttlMs / 1000)),
    };
  }

  /**
   * Marks a window as just used and drops the least recently used beyond the bound, so a flood of identities
   * (made-up addresses, random refresh cookies) costs a bounded amount of memory. A dropped window's unsent
   * counts go to Redis first; the window itself is read back from Redis if that client returns.
   */
  private touch(key: string, state: WindowState) {
    this.windows.delete(key);
    this.windows.set(key, state);
    while (this.windows.size > this.maxWindows) {
      const oldest = this.windows.keys().next();
      if (oldest.done) break;
      const evicted = this.windows.get(oldest.value);
      this.windows.delete(oldest.value);
      if (evicted && evicted.pending > 0) void this.send(oldest.value, evicted, evicted.pending);
    }
  }

  private async send(key: string, state: WindowState, increment: number): Promise<[number, number] | null> {
    try {
      return await withScript(this.redis).kaviConsumeRateLimit(
        key,
        String(state.windowMs),
        String(increment),
      );
    } catch (error) {
      this.logger.warn({ err: error }, "rate limiter could not record counts; allowing requests");
      return null;
    }
  }

  private scheduleFlush() {
    if (this.flushTimer) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      void this.flush();
    }, FLUSH_DELAY_MS);
    this.flushTimer.unref();
  }

  /** Sends the counts admitted locally; forgets windows that have ended. */
  private async flush() {
    for (const [key, state] of this.windows) {
      if (Date.now() >= state.windowEndsAt && state.sending === 0) {
        this.windows.delete(key);
        continue;
      }
      if (state.pending === 0) continue;
      const pending = state.pending;
      state.pending = 0;
      state.sending += pending;
      const reply = await this.send(key, state, pending);
      state.sending -= pending;
      if (reply) {
        state.knownCount = reply[0];
        state.localSinceReply = 0;
        state.windowEndsAt = Date.now() + reply[1];
      }
    }
  }
}

const limiters = new WeakMap<Redis, RateLimiter>();

function limiterFor(redis: Redis, logger: Logger, maxWindows: number | undefined): RateLimiter {
  let limiter = limiters.get(redis);
  if (!limiter) {
    limiter = new RateLimiter(redis, logger, maxWindows ?? DEFAULT_MAX_LOCAL_WINDOWS);
    limiters.set(redis, limiter);
  } else if (maxWindows !== undefined) {
    limiter.maxWindows = maxWindows;
  }
  return limiter;
}

/** How many rate-limit windows this process keeps in memory for a Redis connection. */
export function localRateLimitWindows(redis: Redis): number {
  return limiters.get(redis)?.size ?? 0;
}

export interface RateLimitOptions {
  /** The most windows kept in memory per process (RATE_LIMIT_LOCAL_WINDOWS). */
  maxLocalWindows?: number;
}

/**
 * Fixed-window counters in Redis, so limits hold across server instances. Every key expires with its window.
 * When Redis is unreachable the request is let through (and logged): rate limiting must never take the API
 * down with it (see docs/security.md, "Decisions").
 */
export async function consumeRateLimit(
  redis: Redis,
  prefix: string,
  rule: RateLimitRule,
  identity: string,
  logger: Logger,
  options: RateLimitOptions = {},
): Promise<RateLimitResult> {
  const key = `${prefix}:ratelimit:${rule.name}:${identity}`;
  const limiter = limiterFor(redis, logger, options.maxLocalWindows);
  try {
    return await limiter.consume(key, rule, Date.now());
  } catch (error) {
    logger.warn({ err: error, rule: rule.name }, "rate limiter unavailable; allowing request");
    return { allowed: true, limit: rule.limit, remaining: rule.limit, resetSeconds: rule.windowSeconds };
  }
}
