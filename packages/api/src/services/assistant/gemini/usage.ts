import type { TModelUsage } from "@kavi/ai";
import { aiAllowances, aiUsageDaily, type DbOrTx } from "@kavi/db";
import { startOfMonth } from "@kavi/domain";
import { and, eq, gte, lte, sql } from "drizzle-orm";

/**
 * The assistant's use of Gemini, per business per local day (feature "assistant" of ai_usage_daily), and its
 * monthly allowance: the setting, or the business's own row in ai_allowances.
 */
export interface AssistantAllowance {
  /** Tokens this calendar month, every day up to today. */
  usedTokens: number;
  capTokens: number;
  exhausted: boolean;
}

export async function assistantAllowance(
  db: DbOrTx,
  businessId: string,
  today: string,
  defaultCap: number,
): Promise<AssistantAllowance> {
  const [used, own] = await Promise.all([
    db
      .select({
        tokens: sql<string>`coalesce(sum(${aiUsageDaily.promptTokens} + ${aiUsageDaily.outputTokens}), 0)`,
      })
      .from(aiUsageDaily)
      .where(
        and(
          eq(aiUsageDaily.businessId, businessId),
          eq(aiUsageDaily.feature, "assistant"),
          gte(aiUsageDaily.day, startOfMonth(today)),
          lte(aiUsageDaily.day, today),
        ),
      ),
    db
      .select({ tokens: aiAllowances.assistantMonthlyTokens })
      .from(aiAllowances)
      .where(eq(aiAllowances.businessId, businessId)),
  ]);
  const usedTokens = Number(used[0]?.tokens ?? 0);
  const capTokens = own[0]?.tokens ?? defaultCap;
  return { usedTokens, capTokens, exhausted: capTokens <= 0 || usedTokens >= capTokens };
}

/** Millionths of a dollar for one call's tokens, rounded up (an estimate from the configured prices). */
export function estimateCostMicroUsd(usage: TModelUsage, prices: { prompt: number; output: number }): bigint {
  const numerator =
    BigInt(usage.promptTokens) * BigInt(prices.prompt) + BigInt(usage.outputTokens) * BigInt(prices.output);
  return (numerator + 999_999n) / 1_000_000n;
}

/** Adds one model call (its tokens, whether it failed, its estimated cost) to the business's day. */
export async function recordAssistantUsage(
  db: DbOrTx,
  businessId: string,
  day: string,
  usage: TModelUsage,
  failed: boolean,
  costMicroUsd: bigint,
): Promise<void> {
  const failures = failed ? 1 : 0;
  await db
    .insert(aiUsageDaily)
    .values({
      businessId,
      day,
      feature: "assistant",
      requests: 1,
      promptTokens: usage.promptTokens,
      outputTokens: usage.outputTokens,
      failures,
      costMicroUsd,
    })
    .onConflictDoUpdate({
      target: [aiUsageDaily.businessId, aiUsageDaily.day, aiUsageDaily.feature],
      set: {
        requests: sql`${aiUsageDaily.requests} + 1`,
        promptTokens: sql`${aiUsageDaily.promptTokens} + ${usage.promptTokens}`,
        outputTokens: sql`${aiUsageDaily.outputTokens} + ${usage.outputTokens}`,
        failures: sql`${aiUsageDaily.failures} + ${failures}`,
        costMicroUsd: sql`${aiUsageDaily.costMicroUsd} + ${costMicroUsd}`,
        updatedAt: sql`now()`,
      },
    });
}
