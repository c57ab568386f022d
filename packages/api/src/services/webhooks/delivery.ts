import { performance } from "node:perf_hooks";
import { type Database, webhookAttempts, webhookDeliveries, webhookEndpoints, webhookEvents } from "@kavi/db";
import type { Keyring } from "@kavi/security";
import { and, eq, lte, sql } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { AppError } from "../../errors";
import { recordActivity } from "../activity";
import { invoiceManagerIds, systemActorFor } from "../invoices/members";
import { notify } from "../notifications";
import type { ServiceContext } from "../service-context";
import type { WebhookConfig } from "./config";
import { EgressRefusedError, type EgressResponse, postSafely } from "./egress";

/** While an attempt runs, nobody else may start one: longer than any request may take. */
const ATTEMPT_LEASE_MS = 2 * 60_000;
/** What the log keeps of an answer. */
export const LOGGED_RESPONSE_BYTES = 4 * 1024;
export const WEBHOOK_USER_AGENT = "KAVI-Webhooks/1.0 (+https://kavi.africa)";

export type WebhookDeliveryOutcome = "succeeded" | "retrying" | "failed" | "not-due" | "finished" | "missing";

/** Signing secrets are bound to their endpoint: a ciphertext copied to another row does not decrypt. */
export function secretAssociatedData(endpointId: string): string {
  return `webhook-endpoint:${endpointId}`;
}

export function requireWebhookKeyring(config: WebhookConfig): Keyring {
  if (!config.keyring) {
    throw new AppError(
      "PRECONDITION_FAILED",
      "Webhooks are not available on this server yet: it has no encryption key (DATA_ENCRYPTION_KEYS).",
    );
  }
  return config.keyring;
}

/** The Standard Webhooks headers for one attempt. The id is the event's, the same on every retry and resend. */
export function signedHeaders(
  secret: string,
  eventId: string,
  body: string,
  at: Date,
): Record<string, string> {
  const messageId = `msg_${eventId.replaceAll("-", "")}`;
  return {
    "content-type": "application/json",
    "user-agent": WEBHOOK_USER_AGENT,
    "webhook-id": messageId,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": new Webhook(secret).sign(messageId, at, body),
  };
}

/**
 * Makes one attempt at a delivery, if it is due. The attempt is claimed first (a lease on the row), so two jobs
 * for one delivery never both send; the outcome, the answer and its timing go to the log. A failure is retried
 * after the next wait in `retryDelaysMs`; after the last one the delivery fails for good and the endpoint is
 * switched off, flagged, and its owners and admins are told. Settings are the context's `config.webhooks`.
 */
export async function deliverWebhook(
  ctx: ServiceContext,
  { deliveryId }: { deliveryId: string },
): Promise<WebhookDeliveryOutcome> {
  const now = ctx.now();
  const settings = ctx.config.webhooks;
  const [claimed] = await ctx.db
    .update(webhookDeliveries)
    .set({
      attempts: sql`${webhookDeliveries.attempts} + 1`,
      nextAttemptAt: new Date(now.getTime() + ATTEMPT_LEASE_MS),
      lastAttemptAt: now,
    })
    .where(
      and(
        eq(webhookDeliveries.id, deliveryId),
        eq(webhookDeliveries.status, "pending"),
        lte(webhookDeliveries.nextAttemptAt, now),
      ),
    )
    .returning();
  if (!claimed) {
    const [row] = await ctx.db
      .select({ status: webhookDeliveries.status })
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.id, deliveryId));
    if (!row) return "missing";
    return row.status === "pending" ? "not-due" : "finished";
  }
  const [target] = await ctx.db
    .select({ endpoint: webhookEndpoints, event: webhookEvents })
    .from(webhookEndpoints)
    .innerJoin(webhookEvents, eq(webhookEvents.id, claimed.eventId))
    .where(eq(webhookEndpoints.id, claimed.endpointId));
  if (!target) return "missing";
  const { endpoint, event } = target;
  if (!endpoint.enabled) {
    await finishDelivery(ctx.db, claimed.id, now, {
      status: "failed",
      lastError: "The endpoint is switched off",
    });
    return "failed";
  }

  const keyring = requireWebhookKeyring(settings);
  const secret = keyring.decrypt(endpoint.secretCiphertext, secretAssociatedData(endpoint.id));
  const headers = signedHeaders(secret, event.id, event.body, now);
  const started = performance.now();
  let response: EgressResponse | null = null;
  let error: string | null = null;
  try {
    response = await postSafely(endpoint.url, headers, event.body, settings.egress, settings.resolve);
    if (response.status >= 300 && response.status < 400) error = "Redirects are not followed";
    else if (response.status < 200 || response.status >= 300)
      error = `The endpoint answered ${response.status}`;
  } catch (caught) {
    error =
      caught instanceof EgressRefusedError ? `Refused: ${caught.message}` : describeNetworkError(caught);
  }
  const durationMs = Math.max(0, Math.round(performance.now() - started));
  await ctx.db.insert(webhookAttempts).values({
    deliveryId: claimed.id,
    businessId: claimed.businessId,
    attemptedAt: now,
    url: endpoint.url,
    requestHeaders: headers,
    responseStatus: response?.status ?? null,
    responseHeaders: response?.headers ?? null,
    responseBody: response ? truncate(response.body, LOGGED_RESPONSE_BYTES) : null,
    durationMs,
    error,
  });

  if (!error) {
    await finishDelivery(ctx.db, claimed.id, now, {
      status: "succeeded",
      lastResponseStatus: response?.status ?? null,
      lastError: null,
    });
    return "succeeded";
  }

  const delay = claimed.manual ? undefined : settings.retryDelaysMs[claimed.attempts - 1];
  if (delay !== undefined) {
    const nextAttemptAt = new Date(now.getTime() + delay);
    await ctx.db
      .update(webhookDeliveries)
      .set({ nextAttemptAt, lastResponseStatus: response?.status ?? null, lastError: error })
      .where(eq(webhookDeliveries.id, claimed.id));
    await ctx.jobs
      .enqueue("webhooks.deliver", { deliveryId: claimed.id, attempt: claimed.attempts }, { delayMs: delay })
      .catch((enqueueError: unknown) =>
        ctx.logger.warn(
          { err: enqueueError, deliveryId },
          "could not schedule a webhook retry; the sweep will",
        ),
      );
    return "retrying";
  }

  await ctx.db.transaction(async (tx) => {
    await finishDelivery(tx, claimed.id, now, {
      status: "failed",
      lastResponseStatus: response?.status ?? null,
      lastError: error,
    });
    // A person's resend or test that fails is theirs to see in the log; only the retry schedule running out
    // means the endpoint itself is broken.
    if (claimed.manual) return;
    const [flagged] = await tx
      .update(webhookEndpoints)
      .set({
        enabled: false,
        flaggedAt: now,
        flagReason: `Deliveries failed for a day (last: ${error})`.slice(0, 1000),
      })
      .where(and(eq(webhookEndpoints.id, endpoint.id), eq(webhookEndpoints.enabled, true)))
      .returning({ id: webhookEndpoints.id });
    if (!flagged) return;
    await recordActivity(tx, systemActorFor(endpoint.businessId), {
      action: "webhook.endpoint_flagged",
      entityType: "webhook_endpoint",
      entityId: endpoint.id,
      changes: { enabled: { before: true, after: false } },
      metadata: { url: endpoint.url, lastError: error },
    });
    await notify(tx, {
      userIds: await invoiceManagerIds(tx, endpoint.businessId),
      businessId: endpoint.businessId,
      kind: "webhooks.endpoint_flagged",
      title: "A webhook endpoint was switched off",
      body: `Deliveries to ${endpoint.url} kept failing for a day. Fix the receiver, then switch it back on.`,
      link: `/b/${endpoint.businessId}/settings/webhooks`,
      data: { endpointId: endpoint.id },
    });
  });
  ctx.logger.warn({ deliveryId, endpointId: endpoint.id, error }, "webhook delivery failed for good");
  return "failed";
}

async function finishDelivery(
  db: Pick<Database, "update">,
  deliveryId: string,
  now: Date,
  values: { status: "succeeded" | "failed"; lastResponseStatus?: number | null; lastError: string | null },
) {
  await db
    .update(webhookDeliveries)
    .set({ ...values, completedAt: now, nextAttemptAt: now })
    .where(eq(webhookDeliveries.id, deliveryId));
}

function truncate(text: string, bytes: number): string {
  const buffer = Buffer.from(text, "utf8");
  return buffer.byteLength <= bytes ? text : `${buffer.subarray(0, bytes).toString("utf8")}…`;
}

function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error).slice(0, 500);
  const code = (error as { code?: string }).code;
  return `${code ? `${code}: ` : ""}${error.message}`.slice(0, 500);
}

/**
 * Enqueues deliveries that are due but have no job (Redis was away, a retry's job was lost). The sweep's job id
 * is new each minute; the claim in `deliverWebhook` keeps a delivery from being sent twice.
 */
export async function sweepWebhookDeliveries(ctx: ServiceContext) {
  const now = ctx.now();
  const due = await ctx.db
    .select({ id: webhookDeliveries.id, attempts: webhookDeliveries.attempts })
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.status, "pending"),
        lte(webhookDeliveries.nextAttemptAt, new Date(now.getTime() - 30_000)),
      ),
    )
    .limit(500);
  const minute = Math.floor(now.getTime() / 60_000);
  for (const { id, attempts } of due) {
    await ctx.jobs.enqueue(
      "webhooks.deliver",
      { deliveryId: id, attempt: attempts },
      { jobId: `webhook-${id}-${attempts}-sweep-${minute}` },
    );
  }
  return due.length;
}
