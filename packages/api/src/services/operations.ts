import { businesses, type Database, getMigrationStatus, users } from "@kavi/db";
import { type JobQueue, readQueueDepths } from "@kavi/jobs";
import { count, desc, eq, gte, sql } from "drizzle-orm";
import type { Redis } from "ioredis";

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

async function check(work: () => Promise<string | undefined>, timeoutMs: number): Promise<ReadinessCheck> {
  try {
    const detail = await withTimeout(work(), timeoutMs);
    return detail ? { ok: true, detail } : { ok: true };
  } catch (error) {
    return { ok: false, detail: error instanceof Error ? error.message : String(error) };
  }
}

/** PostgreSQL and Redis reachable, migrations current: what /api/ready reports. */
export async function checkReadiness(deps: { db: Database; redis: Redis }, timeoutMs = 2_000) {
  const [postgres, redis, migrations] = await Promise.all([
    check(async () => {
      await deps.db.execute(sql`select 1`);
      return undefined;
    }, timeoutMs),
    check(async () => {
      await deps.redis.ping();
      return undefined;
    }, timeoutMs),
    check(async () => {
      const status = await getMigrationStatus(deps.db);
      if (!status.current)
        throw new Error(`${status.applied}/${status.expected} applied; run the migrations`);
      return `${status.applied} applied`;
    }, timeoutMs),
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
  const [[userCount], [businessCount], [newUsers], recentUsers, queues] = await Promise.all([
    db.select({ value: count() }).from(users),
    db.select({ value: count() }).from(businesses),
    db.select({ value: count() }).from(users).where(gte(users.createdAt, weekAgo)),
    db
      .select({ id: users.id, fullName: users.fullName, email: users.email, createdAt: users.createdAt })
      .from(users)
      .orderBy(desc(users.createdAt))
      .limit(10),
    readQueueDepths(jobs).catch(() => []),
  ]);
  return {
    users: userCount?.value ?? 0,
    businesses: businessCount?.value ?? 0,
    usersThisWeek: newUsers?.value ?? 0,
    recentUsers,
    queues,
  };
}
