import { failedLoginAttempts, sessions } from "@kavi/db";
import { hashToken } from "@kavi/security";
import { and, count, eq, gt, inArray, max, type SQL, sql } from "drizzle-orm";
import type { ApiConfig } from "../config";
import { addressGroup } from "../security/address-group";
import type { ServiceContext } from "./service-context";

/**
 * Password guesses (a wrong password at sign-in, or a wrong current password when changing it) are throttled
 * two ways:
 *
 * - per account and address group (an IPv4 address, or an IPv6 /64): after `freeAttempts` failures each
 *   attempt waits longer (1 s, 2 s, 4 s … up to a minute), and after `lockAfterAttempts` that address is
 *   locked out of that account until `lockSeconds` after its last failure. Someone elsewhere cannot lock the
 *   real owner out this way, and every lock ends by itself.
 * - per account, from every address together: past `accountFreeAttempts` failures, an attempt from an
 *   address the account has never signed in from must wait after the account's last failure, 1 s, 2 s, 4 s …
 *   up to `accountMaxDelaySeconds`. A botnet with a fresh address per guess is held to about one guess per
 *   that many seconds, while the owner signing in from an address they have used before is not slowed at
 *   all. It is a slow-down, never a lock: it decays `accountWindowSeconds` after the last failure.
 *
 * The count belongs to the account's current password: a completed reset or a password change starts a
 * new one (the password's change time is part of every key), which is how a reset lifts a lock.
 *
 * If Redis fails, the same decisions are made from PostgreSQL's record of failed attempts
 * (failed_login_attempts, written for every failure anyway): neither fail-open, which would let a Redis
 * outage (or an attacker who can cause one) switch off the throttle, nor fail-closed, which would sign
 * everybody out of reach for the length of the outage.
 */

export type ThrottleState =
  | { status: "open" }
  | { status: "delayed"; retryAfterSeconds: number; scope: "address" | "account" }
  | { status: "locked"; retryAfterSeconds: number };

type Lockout = ApiConfig["auth"]["lockout"];

/** The service context, with the server's sign-in lockout settings (the worker never signs anyone in). */
export type ThrottleContext = Pick<ServiceContext, "db" | "redis" | "logger"> & {
  config: Pick<ApiConfig, "auth" | "redisPrefix">;
};

/** Whose password is being guessed, from where. */
export interface ThrottleSubject {
  /** The address typed (accounts that do not exist are throttled exactly like ones that do). */
  email: string;
  userId: string | null;
  /** When the account's password last changed; null for an address without an account. */
  passwordChangedAt: Date | null;
  ip: string | null;
}

/** Failures in the current windows, and when the last of each happened (ms since epoch, 0 for none). */
export interface FailureCounts {
  addressFailures: number;
  addressLastFailureAt: number;
  accountFailures: number;
  accountLastFailureAt: number;
}

export function progressiveDelaySeconds(failures: number, freeAttempts: number): number {
  if (failures < freeAttempts) return 0;
  return Math.min(60, 2 ** (failures - freeAttempts));
}

export function accountDelaySeconds(failures: number, lockout: Lockout): number {
  if (failures < lockout.accountFreeAttempts) return 0;
  return Math.min(lockout.accountMaxDelaySeconds, 2 ** (failures - lockout.accountFreeAttempts));
}

function secondsUntil(instantMs: number, nowMs: number): number {
  return Math.ceil((instantMs - nowMs) / 1000);
}

/** The rules above as one pure function, shared by the Redis path and the PostgreSQL fallback. */
export function decideThrottle(
  counts: FailureCounts,
  lockout: Lockout,
  nowMs: number,
  knownAddress: boolean,
): ThrottleState {
  if (counts.addressFailures >= lockout.lockAfterAttempts) {
    const until = counts.addressLastFailureAt + lockout.lockSeconds * 1000;
    if (until > nowMs) return { status: "locked", retryAfterSeconds: secondsUntil(until, nowMs) };
  }
  const addressDelay = progressiveDelaySeconds(counts.addressFailures, lockout.freeAttempts);
  const addressReady = counts.addressLastFailureAt + addressDelay * 1000;
  if (addressDelay > 0 && addressReady > nowMs) {
    return { status: "delayed", retryAfterSeconds: secondsUntil(addressReady, nowMs), scope: "address" };
  }
  if (!knownAddress) {
    const accountDelay = accountDelaySeconds(counts.accountFailures, lockout);
    const accountReady = counts.accountLastFailureAt + accountDelay * 1000;
    if (accountDelay > 0 && accountReady > nowMs) {
      return { status: "delayed", retryAfterSeconds: secondsUntil(accountReady, nowMs), scope: "account" };
    }
  }
  return { status: "open" };
}

function keys(ctx: ThrottleContext, subject: ThrottleSubject) {
  const account = `${ctx.config.redisPrefix}:signin:${hashToken(subject.email).slice(0, 32)}:${subject.passwordChangedAt?.getTime() ?? 0}`;
  return { address: `${account}:addr:${addressGroup(subject.ip).key}`, account: `${account}:all` };
}

function readCounts(address: Record<string, string>, account: Record<string, string>): FailureCounts {
  return {
    addressFailures: Number(address.failures ?? 0),
    addressLastFailureAt: Number(address.last ?? 0),
    accountFailures: Number(account.failures ?? 0),
    accountLastFailureAt: Number(account.last ?? 0),
  };
}

/** Failures that count as guesses (a refusal while throttled is not one). */
const GUESSES = ["wrong_password", "unknown_email", "wrong_current_password"] as const;

/** `column <<= any(array[…])`: the address falls inside one of the group's networks. */
function inNetworks(column: SQL, networks: readonly string[]): SQL {
  return sql`${column} <<= any(array[${sql.join(
    networks.map((network) => sql`${network}::inet`),
    sql`, `,
  )}])`;
}

/** The fallback: the same counts from PostgreSQL's record of failed attempts. */
async function countFromDatabase(
  ctx: ThrottleContext,
  subject: ThrottleSubject,
  now: Date,
): Promise<FailureCounts> {
  const { lockout } = ctx.config.auth;
  const since = (seconds: number) =>
    new Date(Math.max(now.getTime() - seconds * 1000, subject.passwordChangedAt?.getTime() ?? 0));
  const networks = addressGroup(subject.ip).networks;
  const fromAddress =
    networks.length > 0
      ? inNetworks(sql`${failedLoginAttempts.ip}`, networks)
      : sql`${failedLoginAttempts.ip} is null`;
  const addressWindow = sql`${failedLoginAttempts.createdAt} > ${since(lockout.windowSeconds)} and ${fromAddress}`;
  const [row] = await ctx.db
    .select({
      addressFailures: sql<number>`count(*) filter (where ${addressWindow})`.mapWith(Number),
      addressLast: sql<Date | null>`max(${failedLoginAttempts.createdAt}) filter (where ${addressWindow})`,
      accountFailures: count(),
      accountLast: max(failedLoginAttempts.createdAt),
    })
    .from(failedLoginAttempts)
    .where(
      and(
        eq(failedLoginAttempts.email, subject.email),
        inArray(failedLoginAttempts.reason, [...GUESSES]),
        gt(failedLoginAttempts.createdAt, since(lockout.accountWindowSeconds)),
      ),
    );
  const time = (value: Date | string | null | undefined) => (value ? new Date(value).getTime() : 0);
  return {
    addressFailures: row?.addressFailures ?? 0,
    addressLastFailureAt: time(row?.addressLast),
    accountFailures: row?.accountFailures ?? 0,
    accountLastFailureAt: time(row?.accountLast),
  };
}

const KNOWN_ADDRESS_DAYS = 90;

/** Has this account signed in from this address group in the last 90 days? */
async function isKnownAddress(ctx: ThrottleContext, subject: ThrottleSubject, now: Date): Promise<boolean> {
  const networks = addressGroup(subject.ip).networks;
  if (!subject.userId || networks.length === 0) return false;
  const [known] = await ctx.db
    .select({ id: sessions.id })
    .from(sessions)
    .where(
      and(
        eq(sessions.userId, subject.userId),
        gt(sessions.createdAt, new Date(now.getTime() - KNOWN_ADDRESS_DAYS * 86_400_000)),
        inNetworks(sql`${sessions.ip}`, networks),
      ),
    )
    .limit(1);
  return Boolean(known);
}

async function decide(
  ctx: ThrottleContext,
  subject: ThrottleSubject,
  counts: FailureCounts,
  now: Date,
): Promise<ThrottleState> {
  const { lockout } = ctx.config.auth;
  // The known-address lookup costs a query, so it is only asked when the account-wide slow-down applies.
  const accountSlowed = accountDelaySeconds(counts.accountFailures, lockout) > 0;
  const known = accountSlowed ? await isKnownAddress(ctx, subject, now) : false;
  return decideThrottle(counts, lockout, now.getTime(), known);
}

/** May this subject try a password now? */
export async function readThrottle(
  ctx: ThrottleContext,
  subject: ThrottleSubject,
  now: Date,
): Promise<ThrottleState> {
  const { address, account } = keys(ctx, subject);
  let counts: FailureCounts;
  try {
    const [addressState, accountState] = await Promise.all([
      ctx.redis.hgetall(address),
      ctx.redis.hgetall(account),
    ]);
    counts = readCounts(addressState, accountState);
  } catch (error) {
    ctx.logger.warn({ err: error }, "sign-in throttle: Redis unavailable, counting from PostgreSQL");
    counts = await countFromDatabase(ctx, subject, now);
  }
  return decide(ctx, subject, counts, now);
}

/**
 * Counts one failure (already written to failed_login_attempts by the caller) and returns the state after
 * it, so the person hears about a lock straight away.
 */
export async function recordThrottledFailure(
  ctx: ThrottleContext,
  subject: ThrottleSubject,
  now: Date,
): Promise<ThrottleState> {
  const { address, account } = keys(ctx, subject);
  const { lockout } = ctx.config.auth;
  let counts: FailureCounts;
  try {
    const replies = await ctx.redis
      .multi()
      .hincrby(address, "failures", 1)
      .hset(address, "last", String(now.getTime()))
      .expire(address, Math.max(lockout.windowSeconds, lockout.lockSeconds))
      .hincrby(account, "failures", 1)
      .hset(account, "last", String(now.getTime()))
      .expire(account, lockout.accountWindowSeconds)
      .exec();
    const failed = replies?.find(([error]) => error);
    if (!replies || failed) throw failed?.[0] ?? new Error("sign-in throttle transaction discarded");
    counts = {
      addressFailures: Number(replies[0]?.[1] ?? 0),
      addressLastFailureAt: now.getTime(),
      accountFailures: Number(replies[3]?.[1] ?? 0),
      accountLastFailureAt: now.getTime(),
    };
  } catch (error) {
    ctx.logger.warn({ err: error }, "sign-in throttle: Redis unavailable, counting from PostgreSQL");
    counts = await countFromDatabase(ctx, subject, now);
  }
  return decide(ctx, subject, counts, now);
}

/**
 * After a successful sign-in: this address starts afresh. The account-wide count is left to decay, so
 * the owner signing in now and then does not hand a botnet a fresh allowance.
 */
export async function clearAddressThrottle(ctx: ThrottleContext, subject: ThrottleSubject): Promise<void> {
  const { address } = keys(ctx, subject);
  await ctx.redis.del(address).catch(() => undefined);
}
