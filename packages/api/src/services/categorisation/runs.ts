import { categorisationRuns, type DbOrTx } from "@kavi/db";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { AppError } from "../../errors";
import { recordActivity } from "../activity";
import type { ServiceContext } from "../service-context";
import { inTransaction } from "../unit-of-work";

/** A "categorise all" run queued or running for longer than this is taken as lost (its worker died). */
const STALE_RUN_MS = 30 * 60_000;

export type TCategorisationRunRow = typeof categorisationRuns.$inferSelect;

export function presentRun(run: TCategorisationRunRow) {
  return {
    id: run.id,
    scope: run.scope,
    status: run.status,
    total: run.total,
    processed: run.processed,
    ruleApplied: run.ruleApplied,
    learnedApplied: run.learnedApplied,
    aiApplied: run.aiApplied,
    suggested: run.suggested,
    aiNote: run.aiNote,
    error: run.error,
    createdAt: run.createdAt,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
  };
}

async function activeRun(db: DbOrTx, businessId: string, now: Date) {
  const [run] = await db
    .select()
    .from(categorisationRuns)
    .where(
      and(
        eq(categorisationRuns.businessId, businessId),
        eq(categorisationRuns.scope, "all"),
        inArray(categorisationRuns.status, ["queued", "running"]),
        sql`${categorisationRuns.createdAt} > ${new Date(now.getTime() - STALE_RUN_MS)}`,
      ),
    )
    .orderBy(desc(categorisationRuns.createdAt))
    .limit(1);
  return run ?? null;
}

/**
 * "Categorise all uncategorised": queues one pass for the business and answers its run, whose progress the
 * screen polls. Pressing again while one is queued or running answers that one (nothing is queued twice).
 */
export async function startCategoriseAll(ctx: ServiceContext, businessId: string) {
  const now = ctx.now();
  const existing = await activeRun(ctx.db, businessId, now);
  if (existing) return presentRun(existing);
  const run = await inTransaction(ctx, async (tx, afterCommit) => {
    const [created] = await tx
      .insert(categorisationRuns)
      .values({ businessId, scope: "all", status: "queued", requestedByUserId: ctx.actor.userId })
      .returning();
    if (!created) throw new Error("run insert returned nothing");
    await recordActivity(tx, ctx.actor, {
      action: "categorisation.started",
      entityType: "categorisation_run",
      entityId: created.id,
      businessId,
    });
    afterCommit.enqueue(
      "categorisation.run",
      { businessId, runId: created.id },
      { jobId: `categorisation-run-${created.id}` },
    );
    return created;
  });
  return presentRun(run);
}

/** One run of the business, or its latest when no id is given (null when it has none). */
export async function getRun(db: DbOrTx, businessId: string, runId: string | null | undefined) {
  const [run] = await db
    .select()
    .from(categorisationRuns)
    .where(
      runId
        ? and(eq(categorisationRuns.businessId, businessId), eq(categorisationRuns.id, runId))
        : eq(categorisationRuns.businessId, businessId),
    )
    .orderBy(desc(categorisationRuns.createdAt))
    .limit(1);
  if (!run && runId) throw new AppError("NOT_FOUND", "Run not found");
  return run ? presentRun(run) : null;
}
