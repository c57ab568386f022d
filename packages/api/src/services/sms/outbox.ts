import { type Database, type DbOrTx, smsDeliveryReports, smsMessages, smsSettings } from "@kavi/db";
import {
  countSmsParts,
  FINAL_DELIVERY_STATUSES,
  parseSmsCost,
  recipientOutcome,
  type SmsClient,
  SmsError,
  type TSmsDeliveryReport,
} from "@kavi/sms";
import { and, eq, isNull, lt, sql } from "drizzle-orm";
import { AppError } from "../../errors";
import type { ServiceContext } from "../service-context";
import { type AfterCommit, holdTransactionLock } from "../unit-of-work";

export type TSmsSettingsRow = typeof smsSettings.$inferSelect;

/** A business's SMS settings, or the defaults (on, the platform's sender id) when it never changed them. */
export async function loadSmsSettings(
  db: DbOrTx,
  businessId: string,
): Promise<{ enabled: boolean; senderId: string | null }> {
  const [row] = await db.select().from(smsSettings).where(eq(smsSettings.businessId, businessId));
  return { enabled: row?.enabled ?? true, senderId: row?.senderId ?? null };
}

export async function saveSmsSettings(
  db: DbOrTx,
  businessId: string,
  input: { enabled: boolean; senderId: string | null },
): Promise<{ enabled: boolean; senderId: string | null }> {
  await db
    .insert(smsSettings)
    .values({ businessId, ...input })
    .onConflictDoUpdate({ target: smsSettings.businessId, set: input });
  return input;
}

/** Why a business cannot send SMS right now, or null when it can. */
export function smsUnavailableReason(
  sms: SmsClient | null | undefined,
  settings: { enabled: boolean },
): string | null {
  if (!sms) return "SMS is not set up on this KAVI (no Africa's Talking key).";
  if (!settings.enabled) return "SMS is turned off for this business. Turn it on in Settings → SMS.";
  return null;
}

export interface QueueSmsInput {
  businessId: string;
  invoiceId?: string | null;
  purpose: "invoice" | "reminder" | "loan_reminder";
  /** E.164. */
  to: string;
  body: string;
  senderId: string | null;
  createdByUserId?: string | null;
}

/** Puts an SMS in the outbox inside the caller's transaction; the send job is enqueued after commit. */
export async function queueSms(tx: DbOrTx, afterCommit: AfterCommit, input: QueueSmsInput): Promise<string> {
  const [row] = await tx
    .insert(smsMessages)
    .values({
      businessId: input.businessId,
      invoiceId: input.invoiceId ?? null,
      purpose: input.purpose,
      toNumber: input.to,
      senderId: input.senderId,
      body: input.body,
      parts: countSmsParts(input.body).parts,
      createdByUserId: input.createdByUserId ?? null,
    })
    .returning({ id: smsMessages.id });
  if (!row) throw new Error("sms insert returned nothing");
  afterCommit.enqueue("sms.send", { smsMessageId: row.id });
  return row.id;
}

export type SmsDeliveryOutcome = "sent" | "already-sent" | "missing" | "rejected";

/**
 * Sends one outbox row through Africa's Talking. Safe to run twice: a row no longer queued is skipped.
 * Retryable failures throw (the job retries); a refusal for the number (invalid, blacklisted) is final.
 */
export async function deliverSms(
  ctx: Pick<ServiceContext, "db" | "logger" | "now">,
  client: SmsClient | null,
  smsMessageId: string,
): Promise<SmsDeliveryOutcome> {
  const [message] = await ctx.db.select().from(smsMessages).where(eq(smsMessages.id, smsMessageId)).limit(1);
  if (!message) return "missing";
  if (message.status !== "queued") return "already-sent";
  await ctx.db
    .update(smsMessages)
    .set({ attempts: sql`${smsMessages.attempts} + 1` })
    .where(eq(smsMessages.id, smsMessageId));
  if (!client) {
    await markSmsFailed(ctx.db, smsMessageId, "SMS is not set up (no Africa's Talking key)");
    return "rejected";
  }
  try {
    const recipient = await client.send({
      to: message.toNumber,
      message: message.body,
      from: message.senderId,
    });
    const outcome = recipientOutcome(recipient.statusCode);
    if (outcome === "retryable") throw new SmsError(`Africa's Talking: ${recipient.status}`, 201, true);
    if (outcome === "rejected") {
      await ctx.db
        .update(smsMessages)
        .set({
          status: "failed",
          providerStatusCode: recipient.statusCode,
          lastError: `Refused by Africa's Talking: ${recipient.status} (${recipient.statusCode})`,
        })
        .where(eq(smsMessages.id, smsMessageId));
      return "rejected";
    }
    const cost = parseSmsCost(recipient.cost);
    await ctx.db
      .update(smsMessages)
      .set({
        status: "sent",
        sentAt: ctx.now(),
        providerMessageId: recipient.messageId,
        providerStatusCode: recipient.statusCode,
        costMinor: cost?.minor ?? null,
        costCurrency: cost?.currency ?? null,
        lastError: null,
      })
      .where(and(eq(smsMessages.id, smsMessageId), eq(smsMessages.status, "queued")));
    await adoptEarlyReports(ctx, smsMessageId, recipient.messageId);
    ctx.logger.info({ smsMessageId, parts: message.parts }, "sms sent");
    return "sent";
  } catch (error) {
    const reason = error instanceof Error ? error.message.slice(0, 1000) : String(error);
    if (error instanceof SmsError && !error.retryable) {
      await markSmsFailed(ctx.db, smsMessageId, reason);
      return "rejected";
    }
    await ctx.db.update(smsMessages).set({ lastError: reason }).where(eq(smsMessages.id, smsMessageId));
    throw error;
  }
}

/** Marks an SMS failed for good (its job exhausted its retries, or AT refused it). */
export async function markSmsFailed(db: Database, smsMessageId: string, reason: string): Promise<void> {
  await db
    .update(smsMessages)
    .set({ status: "failed", lastError: reason.slice(0, 1000) })
    .where(and(eq(smsMessages.id, smsMessageId), eq(smsMessages.status, "queued")));
}

/** Re-enqueues queued SMS older than a minute; the deterministic job id makes this harmless for live ones. */
export async function sweepSmsOutbox(
  ctx: Pick<ServiceContext, "db" | "jobs" | "now">,
  olderThanMs = 60_000,
): Promise<number> {
  const stale = await ctx.db
    .select({ id: smsMessages.id })
    .from(smsMessages)
    .where(
      and(
        eq(smsMessages.status, "queued"),
        lt(smsMessages.createdAt, new Date(ctx.now().getTime() - olderThanMs)),
      ),
    )
    .limit(500);
  for (const { id } of stale) await ctx.jobs.enqueue("sms.send", { smsMessageId: id });
  return stale.length;
}

const FINAL = new Set<string>(FINAL_DELIVERY_STATUSES);

/**
 * Stores a delivery report (every one: they repeat and arrive out of order) and moves its message to
 * delivered/undelivered on a final state. A report for an id we never sent is kept, unlinked.
 */
export async function receiveSmsDeliveryReport(
  ctx: Pick<ServiceContext, "db" | "now">,
  report: TSmsDeliveryReport,
  payload: Record<string, string>,
): Promise<{ matched: boolean }> {
  return ctx.db.transaction(async (tx) => {
    await lockProviderMessage(tx, report.id);
    const [message] = await tx
      .select({ id: smsMessages.id, deliveryStatus: smsMessages.deliveryStatus })
      .from(smsMessages)
      .where(eq(smsMessages.providerMessageId, report.id))
      .for("update");
    await tx.insert(smsDeliveryReports).values({
      smsMessageId: message?.id ?? null,
      providerMessageId: report.id,
      status: report.status,
      phoneNumber: report.phoneNumber,
      networkCode: report.networkCode ?? null,
      failureReason: report.failureReason ?? null,
      payload,
      receivedAt: ctx.now(),
    });
    if (!message) return { matched: false };
    await applyDeliveryReport(tx, message, report, ctx.now());
    return { matched: true };
  });
}

/** Moves a message to the report's state; a final state is kept (a late "Buffered" never overwrites "Success"). */
async function applyDeliveryReport(
  tx: DbOrTx,
  message: { id: string; deliveryStatus: string | null },
  report: { status: string; failureReason?: string | null },
  now: Date,
): Promise<void> {
  if (message.deliveryStatus && FINAL.has(message.deliveryStatus) && !FINAL.has(report.status)) return;
  const final = FINAL.has(report.status);
  await tx
    .update(smsMessages)
    .set({
      deliveryStatus: report.status,
      failureReason: report.failureReason ?? null,
      ...(final
        ? {
            status: report.status === "Success" ? "delivered" : "undelivered",
            ...(report.status === "Success" ? { deliveredAt: now } : {}),
          }
        : {}),
    })
    .where(eq(smsMessages.id, message.id));
}

/**
 * Serialises a delivery report with the adoption of early reports for the same provider id. Without it a report whose
 * transaction began before the message id was written, and committed after the adoption looked, stayed unlinked and
 * its message "sent" for ever: whichever runs second now sees what the first committed.
 */
function lockProviderMessage(tx: DbOrTx, providerMessageId: string): Promise<void> {
  return holdTransactionLock(tx, `sms-report:${providerMessageId}`);
}

/**
 * A delivery report can arrive before our own record of the send commits (Africa's Talking reports at once, we write
 * the message id after its answer): such a report was kept unlinked. Link it to the message now and apply it.
 */
async function adoptEarlyReports(
  ctx: Pick<ServiceContext, "db" | "now">,
  smsMessageId: string,
  providerMessageId: string,
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    await lockProviderMessage(tx, providerMessageId);
    const early = await tx
      .update(smsDeliveryReports)
      .set({ smsMessageId })
      .where(
        and(
          eq(smsDeliveryReports.providerMessageId, providerMessageId),
          isNull(smsDeliveryReports.smsMessageId),
        ),
      )
      .returning({
        status: smsDeliveryReports.status,
        failureReason: smsDeliveryReports.failureReason,
        receivedAt: smsDeliveryReports.receivedAt,
      });
    if (early.length === 0) return;
    const [message] = await tx
      .select({ id: smsMessages.id, deliveryStatus: smsMessages.deliveryStatus })
      .from(smsMessages)
      .where(eq(smsMessages.id, smsMessageId))
      .for("update");
    if (!message) return;
    let state = message;
    for (const report of early.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime())) {
      await applyDeliveryReport(tx, state, report, ctx.now());
      if (!(state.deliveryStatus && FINAL.has(state.deliveryStatus) && !FINAL.has(report.status))) {
        state = { ...state, deliveryStatus: report.status };
      }
    }
  });
}

/** What a business spent on SMS, per currency, in minor units (AT's own cost field). */
export async function smsSpend(
  db: DbOrTx,
  businessId: string,
  since: Date | null,
): Promise<{ currency: string; costMinor: bigint; messages: number; parts: number }[]> {
  const rows = await db
    .select({
      currency: smsMessages.costCurrency,
      costMinor: sql<string>`coalesce(sum(${smsMessages.costMinor}), 0)::text`,
      messages: sql<number>`count(*)::int`,
      parts: sql<number>`coalesce(sum(${smsMessages.parts}), 0)::int`,
    })
    .from(smsMessages)
    .where(
      and(
        eq(smsMessages.businessId, businessId),
        sql`${smsMessages.costCurrency} is not null`,
        since ? sql`${smsMessages.sentAt} >= ${since.toISOString()}::timestamptz` : sql`true`,
      ),
    )
    .groupBy(smsMessages.costCurrency);
  return rows.map((row) => ({
    currency: row.currency ?? "KES",
    costMinor: BigInt(row.costMinor),
    messages: row.messages,
    parts: row.parts,
  }));
}

export function smsNotAvailable(reason: string): AppError {
  return new AppError("PRECONDITION_FAILED", reason);
}
