import { hashToken } from "@kavi/security";
import type { Redis } from "ioredis";
import type { ApiConfig } from "../config";
import type { Logger } from "../logger";

export type ThrottleState =
  | { status: "open" }
  | { status: "delayed"; retryAfterSeconds: number }
  | { status: "locked"; retryAfterSeconds: number };

interface ThrottleDeps {
  redis: Redis;
  config: ApiConfig;
  logger: Logger;
}

/**
 * Failed sign-ins are counted per account *and* IP address. After a few free attempts each further one must
 * wait longer (1 s, 2 s, 4 s … up to a minute); after many, that account is locked for that IP address for a
 * while. Because the key includes the IP, an attacker elsewhere cannot lock the real owner out, and every lock
 * expires on its own.
 */
function keys(deps: ThrottleDeps, email: string, ip: string | null) {
  const subject = `${hashToken(email).slice(0, 32)}:${ip ?? "unknown"}`;
  return {
    counter: `${deps.config.redisPrefix}:signin:failures:${subject}`,
    lock: `${deps.config.redisPrefix}:signin:lock:${subject}`,
  };
}

export function progressiveDelaySeconds(failures: number, freeAttempts: number): number {
  if (failures < freeAttempts) return 0;
  return Math.min(60, 2 ** (failures - freeAttempts));
}

export async function readThrottle(
  deps: ThrottleDeps,
  email: string,
  ip: string | null,
  now: Date,
): Promise<ThrottleState> {
  const { counter, lock } = keys(deps, email, ip);
  try {
    const [lockTtl, state] = await Promise.all([deps.redis.pttl(lock), deps.redis.hgetall(counter)]);
    if (lockTtl > 0) return { status: "locked", retryAfterSeconds: Math.ceil(lockTtl / 1000) };
    const failures = Number(state.failures ?? 0);
    const lastFailureAt = Number(state.lastFailureAt ?? 0);
    const delay = progressiveDelaySeconds(failures, deps.config.auth.lockout.freeAttempts);
    const waitMs = lastFailureAt + delay * 1000 - now.getTime();
    return waitMs > 0
      ? { status: "delayed", retryAfterSeconds: Math.ceil(waitMs / 1000) }
      : { status: "open" };
  } catch (error) {
    deps.logger.warn({ err: error }, "sign-in throttle unavailable; allowing attempt");
    return { status: "open" };
  }
}

/** Returns the state after this failure, so the caller can tell the person about a lock straight away. */
export async function recordThrottledFailure(
  deps: ThrottleDeps,
  email: string,
  ip: string | null,
  now: Date,
): Promise<ThrottleState> {
  const { counter, lock } = keys(deps, email, ip);
  const { lockout } = deps.config.auth;
  try {
    const [[, failures]] = (await deps.redis
      .multi()
      .hincrby(counter, "failures", 1)
      .hset(counter, "lastFailureAt", String(now.getTime()))
      .expire(counter, lockout.windowSeconds)
      .exec()) as [[Error | null, number]];
    if (failures >= lockout.lockAfterAttempts) {
      await deps.redis.multi().set(lock, "1", "EX", lockout.lockSeconds).del(counter).exec();
      return { status: "locked", retryAfterSeconds: lockout.lockSeconds };
    }
    const delay = progressiveDelaySeconds(failures, lockout.freeAttempts);
    return delay > 0 ? { status: "delayed", retryAfterSeconds: delay } : { status: "open" };
  } catch (error) {
    deps.logger.warn({ err: error }, "sign-in throttle unavailable; failure not counted");
    return { status: "open" };
  }
}

export async function clearThrottle(deps: ThrottleDeps, email: string, ip: string | null): Promise<void> {
  const { counter } = keys(deps, email, ip);
  await deps.redis.del(counter).catch(() => undefined);
}
