import type { TModelUsage } from "@kavi/ai";
import { aiUsageDaily, type DbOrTx } from "@kavi/db";
import { localDateOf } from "@kavi/domain";
import { and, eq, sql } from "drizzle-orm";

/**
 * Categorisation's use of Gemini (feature "categorisation" of ai_usage_daily; the assistant keeps its own rows).
 * Takes one model call from the business's allowance for its local day, atomically (two workers cannot both
 * take the last one). False when the day's allowance is used up.
 */
export async function reserveAiRequest(
  db: DbOrTx,
  businessId: string,
  now: Date,
  timezone: string,
  dailyCap: number,
): Promise<boolean> {
  if (dailyCap <= 0) return false;
  const day = localDateOf(now, timezone);
  const rows = await db
    .insert(aiUsageDaily)
    .values({ businessId, day, feature: "categorisation", requests: 1 })
    .onConflictDoUpdate({
      target: [aiUsageDaily.businessId, aiUsageDaily.day, aiUsageDaily.feature],
      set: { requests: sql`${aiUsageDaily.requests} + 1`, updatedAt: sql`now()` },
      setWhere: sql`${aiUsageDaily.requests} < ${dailyCap}`,
    })
    .returning({ requests: aiUsageDaily.requests });
  return rows.length > 0;
}

/** Adds a finished call's tokens (and whether it failed) to the day's row. */
export async function recordAiUsage(
  db: DbOrTx,
  businessId: string,
  now: Date,
  timezone: string,
  usage: TModelUsage | null,
  failed: boolean,
): Promise<void> {
  const day = localDateOf(now, timezone);
  await db
    .update(aiUsageDaily)
    .set({
      promptTokens: sql`${aiUsageDaily.promptTokens} + ${usage?.promptTokens ?? 0}`,
      outputTokens: sql`${aiUsageDaily.outputTokens} + ${usage?.outputTokens ?? 0}`,
      failures: sql`${aiUsageDaily.failures} + ${failed ? 1 : 0}`,
      updatedAt: sql`now()`,
    })
    .where(
      and(
        eq(aiUsageDaily.businessId, businessId),
        eq(aiUsageDaily.day, day),
        eq(aiUsageDaily.feature, "categorisation"),
      ),
    );
}

export async function getAiUsage(db: DbOrTx, businessId: string, now: Date, timezone: string) {
  const day = localDateOf(now, timezone);
  const [row] = await db
    .select()
    .from(aiUsageDaily)
    .where(
      and(
        eq(aiUsageDaily.businessId, businessId),
        eq(aiUsageDaily.day, day),
        eq(aiUsageDaily.feature, "categorisation"),
      ),
    );
  return {
    day,
    requests: row?.requests ?? 0,
    promptTokens: row?.promptTokens ?? 0,
    outputTokens: row?.outputTokens ?? 0,
  };
}
