import { businesses, type Database, getMigrationStatus, users } from "@kavi/db";
import { type JobQueue, readQueueDepths } from "@kavi/jobs";
import { count, desc, eq, gte, sql } from "drizzle-orm";
import type { Redis } from "ioredis";
import type { Logger } from "../logger";
import { exchangeRateFreshness } from "./exchange-rates/rates";

export interface ReadinessCheck {
  ok: boolean;
  detail?: string;
}

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** A readiness failure whose message is safe to show anyone (no host names, addresses or driver text). */
class NotReady extends Error {}

async function check(
  name: string,
  work: () => Promise<string | undefined>,
  timeoutMs: number,
  logger: Logger,
): Promise<ReadinessCheck> {
  try {
    const detail = await withTimeout(work(), timeoutMs);
    return detail ? { ok: true, detail } : { ok: true };
  } catch (error) {
    if (error instanceof NotReady) return { ok: false, detail: error.message };
    // /api/ready is public: driver errors name hosts, ports and users. They go to the log, not the answer.
    logger.warn({ err: error, check: name }, "readiness check failed");
    return { ok: false, detail: "unavailable" };
  }
}

/** PostgreSQL and Redis reachable, migrations current: what /api/ready reports. */
export async function checkReadiness(
  deps: { db: Database; redis: Redis },
  logger: Logger,
  timeoutMs = 2_000,
) {
  const [postgres, redis, migrations] = await Promise.all([
    check(
      "postgres",
      async () => {
        await deps.db.execute(sql`select 1`);
        return undefined;
      },
      timeoutMs,
      logger,
    ),
    check(
      "redis",
      async () => {
        await deps.redis.ping();
        return undefined;
      },
      timeoutMs,
      logger,
    ),
    check(
      "migrations",
      async () => {
        const status = await getMigrationStatus(deps.db);
        if (!status.current)
          throw new NotReady(`${status.applied}/${status.expected} applied; run the migrations`);
        return `${status.applied} applied`;
      },
      timeoutMs,
      logger,
    ),
  ]);
  return { postgres, redis, migrations } satisfies Record<string, ReadinessCheck>;
}

export async function isPlatformOperator(db: Database, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ isSuperAdmin: users.isSuperAdmin })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  return row?.isSuperAdmin ?? false;
}

/** The platform operator's page: accounts, businesses, sign-ups this week, and the queues. */
export async function getPlatformOverview(db: Database, jobs: JobQueue, now: Date) {
  const weekAgo = new Date(now.getTime() - 7 * 86_400_000);
  const [[userCount], [businessCount], [newUsers], recentUsers, queues, exchangeRates] = await Promise.all([
    db.select({ value: count() }).from(users),
    db.select({ value: count() }).from(businesses),
    db.select({ value: count() }).from(users).where(gte(users.createdAt, weekAgo)),
    db
      .select({ id: users.id, fullName: users.fullName, email: users.email, createdAt: users.createdAt })
      .from(users)
      .orderBy(desc(users.createdAt))
      .limit(10),
    readQueueDepths(jobs).catch(() => []),
    exchangeRateFreshness(db, now),
  ]);
  return {
    users: userCount?.value ?? 0,
    businesses: businessCount?.value ?? 0,
    usersThisWeek: newUsers?.value ?? 0,
    recentUsers,
    queues,
    /** The admin page shows a notice when `alarm` is set (no fresh rates for about 48 hours). */
    exchangeRates,
  };
}
