import type { AccountBalanceResultEvent } from "@kavi/daraja";
import { type DbOrTx, mpesaBalanceQueries, mpesaSettings, type TMpesaBalanceAccount } from "@kavi/db";
import { and, desc, eq, gte, inArray, isNotNull } from "drizzle-orm";
import type { ServiceContext } from "../service-context";
import {
  callbackUrlsFor,
  createDarajaClient,
  describeDarajaFailure,
  loadMpesaCredentials,
  MPESA_NOT_SET_UP,
} from "./settings";
import type { SettlementContext } from "./settlement";

/** A refresh asked for this soon after another one still in flight joins it instead of asking Daraja again. */
const IN_FLIGHT_MS = 2 * 60_000;

export const BALANCE_NEEDS_INITIATOR =
  "The balance needs the API initiator (name and security credential): an owner or admin can add it in Settings → M-Pesa.";

export interface MpesaBalanceView {
  /** The newest balance Daraja sent, or null before the first. */
  latest: { accounts: { account: string; currency: string; availableMinor: bigint }[]; asOf: Date } | null;
  /** A refresh is on its way (asked for, no answer yet). */
  refreshing: boolean;
  /** The newest refresh that failed after the latest balance, in plain words. */
  lastFailure: { reason: string; at: Date } | null;
}

/** What the M-Pesa page's balance card shows. */
export async function getMpesaBalance(db: DbOrTx, businessId: string, now: Date): Promise<MpesaBalanceView> {
  const recent = await db
    .select()
    .from(mpesaBalanceQueries)
    .where(eq(mpesaBalanceQueries.businessId, businessId))
    .orderBy(desc(mpesaBalanceQueries.createdAt))
    .limit(20);
  const received = recent.find((row) => row.status === "received" && row.accounts && row.asOf);
  const newer = recent.filter((row) => !received || row.createdAt > received.createdAt);
  const failed = newer.find((row) => row.status === "failed");
  return {
    latest:
      received?.accounts && received.asOf
        ? {
            accounts: received.accounts.map((entry) => ({
              ...entry,
              availableMinor: BigInt(entry.availableMinor),
            })),
            asOf: received.asOf,
          }
        : null,
    refreshing: newer.some(
      (row) =>
        (row.status === "requested" || row.status === "sent") &&
        now.getTime() - row.createdAt.getTime() < IN_FLIGHT_MS,
    ),
    lastFailure: failed
      ? { reason: failed.failureReason ?? "M-Pesa did not answer.", at: failed.updatedAt }
      : null,
  };
}

/**
 * Asks for a fresh balance: stores a query and enqueues the job that sends it. A refresh already in flight
 * (asked for in the last two minutes) is returned instead, so pressing the button twice asks Daraja once.
 */
export async function refreshMpesaBalance(
  ctx: ServiceContext,
  businessId: string,
  requestedByUserId: string | null,
): Promise<{ balanceQueryId: string; joined: boolean }> {
  const since = new Date(ctx.now().getTime() - IN_FLIGHT_MS);
  const [inFlight] = await ctx.db
    .select({ id: mpesaBalanceQueries.id })
    .from(mpesaBalanceQueries)
    .where(
      and(
        eq(mpesaBalanceQueries.businessId, businessId),
        inArray(mpesaBalanceQueries.status, ["requested", "sent"]),
        gte(mpesaBalanceQueries.createdAt, since),
      ),
    )
    .limit(1);
  if (inFlight) return { balanceQueryId: inFlight.id, joined: true };
  const [query] = await ctx.db
    .insert(mpesaBalanceQueries)
    .values({ businessId, requestedByUserId, createdAt: ctx.now(), updatedAt: ctx.now() })
    .returning({ id: mpesaBalanceQueries.id });
  if (!query) throw new Error("balance query not stored");
  await ctx.jobs.enqueue("mpesa.query-balance", { balanceQueryId: query.id });
  return { balanceQueryId: query.id, joined: false };
}

/** The scheduled refresh: one query per business whose M-Pesa has an initiator (the API user Daraja needs). */
export async function refreshAllMpesaBalances(ctx: ServiceContext): Promise<number> {
  const rows = await ctx.db
    .select({ businessId: mpesaSettings.businessId })
    .from(mpesaSettings)
    .where(isNotNull(mpesaSettings.initiatorName));
  for (const { businessId } of rows) {
    try {
      await refreshMpesaBalance(ctx, businessId, null);
    } catch (error) {
      ctx.logger.error({ err: error, businessId }, "could not queue an M-Pesa balance refresh");
    }
  }
  return rows.length;
}

async function failQuery(ctx: Pick<ServiceContext, "db" | "now">, id: string, reason: string) {
  await ctx.db
    .update(mpesaBalanceQueries)
    .set({ status: "failed", failureReason: reason, updatedAt: ctx.now() })
    .where(and(eq(mpesaBalanceQueries.id, id), inArray(mpesaBalanceQueries.status, ["requested", "sent"])));
}

/**
 * The job: sends one stored query to Daraja's Account Balance API, with our ResultURL carrying the query id.
 * Reading a balance moves no money, so a retry after an unclear answer may simply ask again.
 */
export async function queryMpesaBalance(ctx: ServiceContext, balanceQueryId: string) {
  const [query] = await ctx.db
    .select()
    .from(mpesaBalanceQueries)
    .where(eq(mpesaBalanceQueries.id, balanceQueryId));
  if (query?.status !== "requested") return "not-requested" as const;
  let credentials: Awaited<ReturnType<typeof loadMpesaCredentials>>;
  try {
    credentials = await loadMpesaCredentials(ctx.db, ctx.config.mpesa, query.businessId);
  } catch {
    await failQuery(ctx, query.id, MPESA_NOT_SET_UP);
    return "failed" as const;
  }
  if (!credentials.initiator) {
    await failQuery(ctx, query.id, BALANCE_NEEDS_INITIATOR);
    return "failed" as const;
  }
  const urls = callbackUrlsFor(ctx.config.mpesa, credentials.callbackToken);
  try {
    const accepted = await createDarajaClient(ctx.config.mpesa, credentials).accountBalance({
      partyA: credentials.shortcode,
      identifierType: "shortcode",
      remarks: "KAVI balance",
      resultUrl: `${urls.balanceResult}/${query.id}`,
      queueTimeOutUrl: `${urls.balanceTimeout}/${query.id}`,
    });
    await ctx.db
      .update(mpesaBalanceQueries)
      .set({
        status: "sent",
        conversationId: accepted.conversationId,
        originatorConversationId: accepted.originatorConversationId,
        updatedAt: ctx.now(),
      })
      .where(and(eq(mpesaBalanceQueries.id, query.id), eq(mpesaBalanceQueries.status, "requested")));
    return "sent" as const;
  } catch (error) {
    await failQuery(ctx, query.id, describeDarajaFailure(error));
    return "failed" as const;
  }
}

async function lockSentQuery(context: SettlementContext, businessId: string, subjectId: string | null) {
  if (!subjectId) return null;
  const [query] = await context.tx
    .select()
    .from(mpesaBalanceQueries)
    .where(and(eq(mpesaBalanceQueries.id, subjectId), eq(mpesaBalanceQueries.businessId, businessId)))
    .for("update");
  return query ?? null;
}

/**
 * A balance result callback. Validated like every other callback: parsed before it was stored, matched to our
 * query by the id in our ResultURL and by Daraja's ConversationID, and ignored when it came from outside the
 * allowed addresses. It changes no money, so it needs no confirming query.
 */
export async function settleBalanceResult(
  context: SettlementContext,
  callback: { businessId: string; subjectId: string | null; sourceAllowed: boolean | null },
  event: AccountBalanceResultEvent,
): Promise<string> {
  const query = await lockSentQuery(context, callback.businessId, callback.subjectId);
  if (!query) return "unmatched";
  if (query.status === "received" || query.status === "failed") return "already-settled";
  const sameConversation =
    (query.conversationId !== null && query.conversationId === event.conversationId) ||
    (query.originatorConversationId !== null &&
      query.originatorConversationId === event.originatorConversationId);
  if (!sameConversation) return "mismatched";
  if (callback.sourceAllowed === false) return "untrusted-source";
  const now = context.ctx.now();
  if (!event.success) {
    await context.tx
      .update(mpesaBalanceQueries)
      .set({ status: "failed", failureReason: `M-Pesa said: ${event.resultDesc}`, updatedAt: now })
      .where(eq(mpesaBalanceQueries.id, query.id));
    return "balance-failed";
  }
  const accounts: TMpesaBalanceAccount[] = event.balances.map((entry) => ({
    account: entry.account,
    currency: entry.currency,
    availableMinor: entry.availableMinor.toString(),
  }));
  await context.tx
    .update(mpesaBalanceQueries)
    .set({ status: "received", accounts, asOf: event.completedAt ?? now, updatedAt: now })
    .where(eq(mpesaBalanceQueries.id, query.id));
  return "balance-received";
}

/** Daraja's queue timed the query out: the card says so, and the next refresh asks again. */
export async function settleBalanceTimeout(
  context: SettlementContext,
  callback: { businessId: string; subjectId: string | null; sourceAllowed: boolean | null },
): Promise<string> {
  const query = await lockSentQuery(context, callback.businessId, callback.subjectId);
  if (!query) return "unmatched";
  if (query.status !== "sent" && query.status !== "requested") return "already-settled";
  if (callback.sourceAllowed === false) return "untrusted-source";
  await context.tx
    .update(mpesaBalanceQueries)
    .set({
      status: "failed",
      failureReason: "M-Pesa did not answer in time. Try again in a few minutes.",
      updatedAt: context.ctx.now(),
    })
    .where(eq(mpesaBalanceQueries.id, query.id));
  return "balance-timeout";
}
