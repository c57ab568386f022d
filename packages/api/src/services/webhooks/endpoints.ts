import { randomBytes, randomUUID } from "node:crypto";
import { type DbOrTx, webhookAttempts, webhookDeliveries, webhookEndpoints, webhookEvents } from "@kavi/db";
import { badField, type ZCreateWebhookEndpointSchema, type ZUpdateWebhookEndpointSchema } from "@kavi/domain";
import type { Keyring } from "@kavi/security";
import { and, desc, eq, lt, or, type SQL } from "drizzle-orm";
import type { z } from "zod";
import { AppError } from "../../errors";
import { diffChanges, recordActivity } from "../activity";
import { decodeCursor, encodeCursor } from "../pagination";
import type { ServiceContext } from "../service-context";
import { inTransaction } from "../unit-of-work";
import { requireWebhookKeyring, secretAssociatedData } from "./delivery";
import { checkWebhookUrl } from "./egress";
import { webhookBody } from "./events";

type TEndpointRow = typeof webhookEndpoints.$inferSelect;

/** What the screens see of an endpoint: never its secret. */
export function presentEndpoint(row: TEndpointRow) {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    events: row.events,
    enabled: row.enabled,
    flaggedAt: row.flaggedAt,
    flagReason: row.flagReason,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** A Standard Webhooks secret: `whsec_` and 32 random bytes in base64. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

function checkedUrl(ctx: ServiceContext, url: string): string {
  const checked = checkWebhookUrl(url, ctx.config.webhooks.egress);
  if (!checked.ok) throw badField("url", checked.reason);
  return checked.url.toString();
}

async function findEndpoint(db: DbOrTx, businessId: string, endpointId: string, lock = false) {
  const query = db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.businessId, businessId), eq(webhookEndpoints.id, endpointId)));
  const [row] = lock ? await query.for("update") : await query;
  if (!row) throw new AppError("NOT_FOUND", "Webhook endpoint not found");
  return row;
}

const MAX_ENDPOINTS_PER_BUSINESS = 20;

export async function listWebhookEndpoints(db: DbOrTx, businessId: string) {
  const rows = await db
    .select()
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.businessId, businessId))
    .orderBy(webhookEndpoints.createdAt, webhookEndpoints.id);
  return rows.map(presentEndpoint);
}

/** Adds an endpoint; its secret is returned this once (it is stored encrypted, for signing). */
export async function createWebhookEndpoint(
  ctx: ServiceContext,
  businessId: string,
  input: z.output<typeof ZCreateWebhookEndpointSchema>,
) {
  const keyring = requireWebhookKeyring(ctx.config.webhooks);
  const url = checkedUrl(ctx, input.url);
  return inTransaction(ctx, async (tx) => {
    const existing = await tx
      .select({ id: webhookEndpoints.id })
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.businessId, businessId));
    if (existing.length >= MAX_ENDPOINTS_PER_BUSINESS) {
      throw new AppError(
        "BAD_REQUEST",
        `A business has at most ${MAX_ENDPOINTS_PER_BUSINESS} webhook endpoints.`,
      );
    }
    const id = randomUUID();
    const secret = generateWebhookSecret();
    const [row] = await tx
      .insert(webhookEndpoints)
      .values({
        id,
        businessId,
        url,
        description: input.description ?? null,
        events: input.events,
        secretCiphertext: keyring.encrypt(secret, secretAssociatedData(id)),
        createdByUserId: ctx.actor.userId,
      })
      .returning();
    if (!row) throw new Error("endpoint insert returned nothing");
    await recordActivity(tx, ctx.actor, {
      action: "webhook.endpoint_created",
      entityType: "webhook_endpoint",
      entityId: id,
      businessId,
      metadata: { url, events: input.events },
    });
    return { endpoint: presentEndpoint(row), secret };
  });
}

/** Changes an endpoint. Switching a flagged endpoint back on clears the flag. */
export async function updateWebhookEndpoint(
  ctx: ServiceContext,
  businessId: string,
  input: z.output<typeof ZUpdateWebhookEndpointSchema>,
) {
  const url = input.url === undefined ? undefined : checkedUrl(ctx, input.url);
  return inTransaction(ctx, async (tx) => {
    const before = await findEndpoint(tx, businessId, input.endpointId, true);
    const [after] = await tx
      .update(webhookEndpoints)
      .set({
        ...(url !== undefined ? { url } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
        ...(input.events !== undefined ? { events: input.events } : {}),
        ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
        ...(input.enabled === true ? { flaggedAt: null, flagReason: null } : {}),
        updatedAt: ctx.now(),
      })
      .where(eq(webhookEndpoints.id, before.id))
      .returning();
    if (!after) throw new Error("endpoint update returned nothing");
    await recordActivity(tx, ctx.actor, {
      action: "webhook.endpoint_updated",
      entityType: "webhook_endpoint",
      entityId: before.id,
      businessId,
      changes: diffChanges(before, after, ["url", "description", "events", "enabled", "flaggedAt"]),
    });
    return presentEndpoint(after);
  });
}

/** A new secret, returned once; the old one stops signing at once. */
export async function rotateWebhookSecret(ctx: ServiceContext, businessId: string, endpointId: string) {
  const keyring = requireWebhookKeyring(ctx.config.webhooks);
  return inTransaction(ctx, async (tx) => {
    const endpoint = await findEndpoint(tx, businessId, endpointId, true);
    const secret = generateWebhookSecret();
    await tx
      .update(webhookEndpoints)
      .set({
        secretCiphertext: keyring.encrypt(secret, secretAssociatedData(endpoint.id)),
        updatedAt: ctx.now(),
      })
      .where(eq(webhookEndpoints.id, endpoint.id));
    await recordActivity(tx, ctx.actor, {
      action: "webhook.secret_rotated",
      entityType: "webhook_endpoint",
      entityId: endpoint.id,
      businessId,
      changes: { secret: { before: "[changed]", after: "[changed]" } },
    });
    return { secret };
  });
}

export async function deleteWebhookEndpoint(ctx: ServiceContext, businessId: string, endpointId: string) {
  return inTransaction(ctx, async (tx) => {
    const endpoint = await findEndpoint(tx, businessId, endpointId, true);
    await tx.delete(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint.id));
    await recordActivity(tx, ctx.actor, {
      action: "webhook.endpoint_deleted",
      entityType: "webhook_endpoint",
      entityId: endpoint.id,
      businessId,
      metadata: { url: endpoint.url },
    });
    return { deleted: true };
  });
}

function refuseWhenOff(endpoint: TEndpointRow) {
  if (!endpoint.enabled) {
    throw new AppError("PRECONDITION_FAILED", "This endpoint is switched off: switch it on first.");
  }
}

/** Sends a `webhook.test` event to one endpoint now (one attempt, shown in its log). */
export async function sendTestWebhook(ctx: ServiceContext, businessId: string, endpointId: string) {
  return inTransaction(ctx, async (tx, afterCommit) => {
    const endpoint = await findEndpoint(tx, businessId, endpointId);
    refuseWhenOff(endpoint);
    const now = ctx.now();
    const [event] = await tx
      .insert(webhookEvents)
      .values({
        businessId,
        type: "webhook.test",
        body: webhookBody({
          type: "webhook.test",
          now,
          data: { businessId, endpointId, message: "A test event from KAVI: your endpoint is reachable." },
        }),
        createdAt: now,
      })
      .returning({ id: webhookEvents.id });
    if (!event) throw new Error("event insert returned nothing");
    const deliveryId = await insertManualDelivery(tx, businessId, endpoint.id, event.id, now);
    await recordActivity(tx, ctx.actor, {
      action: "webhook.test_sent",
      entityType: "webhook_endpoint",
      entityId: endpoint.id,
      businessId,
      metadata: { deliveryId },
    });
    afterCommit.enqueue("webhooks.deliver", { deliveryId, attempt: 0 });
    return { deliveryId };
  });
}

/** Sends a delivery's event again to its endpoint, as a new delivery with the same webhook-id and body. */
export async function resendWebhookDelivery(ctx: ServiceContext, businessId: string, deliveryId: string) {
  return inTransaction(ctx, async (tx, afterCommit) => {
    const [delivery] = await tx
      .select()
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.businessId, businessId), eq(webhookDeliveries.id, deliveryId)));
    if (!delivery) throw new AppError("NOT_FOUND", "Delivery not found");
    const endpoint = await findEndpoint(tx, businessId, delivery.endpointId);
    refuseWhenOff(endpoint);
    const newId = await insertManualDelivery(tx, businessId, endpoint.id, delivery.eventId, ctx.now());
    await recordActivity(tx, ctx.actor, {
      action: "webhook.delivery_resent",
      entityType: "webhook_endpoint",
      entityId: endpoint.id,
      businessId,
      metadata: { deliveryId: newId, resentDeliveryId: delivery.id },
    });
    afterCommit.enqueue("webhooks.deliver", { deliveryId: newId, attempt: 0 });
    return { deliveryId: newId };
  });
}

async function insertManualDelivery(
  tx: DbOrTx,
  businessId: string,
  endpointId: string,
  eventId: string,
  now: Date,
) {
  const [row] = await tx
    .insert(webhookDeliveries)
    .values({ businessId, endpointId, eventId, manual: true, nextAttemptAt: now, createdAt: now })
    .returning({ id: webhookDeliveries.id });
  if (!row) throw new Error("delivery insert returned nothing");
  return row.id;
}

/** An endpoint's deliveries, newest first, a page at a time. */
export async function listWebhookDeliveries(
  db: DbOrTx,
  businessId: string,
  page: { endpointId: string; cursor?: string | null | undefined; limit: number },
) {
  await findEndpoint(db, businessId, page.endpointId);
  const after = decodeCursor(page.cursor);
  const conditions: SQL[] = [
    eq(webhookDeliveries.businessId, businessId),
    eq(webhookDeliveries.endpointId, page.endpointId),
  ];
  if (after) {
    const keyset = or(
      lt(webhookDeliveries.createdAt, after.createdAt),
      and(eq(webhookDeliveries.createdAt, after.createdAt), lt(webhookDeliveries.id, after.id)),
    );
    if (keyset) conditions.push(keyset);
  }
  const rows = await db
    .select({
      id: webhookDeliveries.id,
      eventId: webhookDeliveries.eventId,
      eventType: webhookEvents.type,
      status: webhookDeliveries.status,
      attempts: webhookDeliveries.attempts,
      nextAttemptAt: webhookDeliveries.nextAttemptAt,
      lastAttemptAt: webhookDeliveries.lastAttemptAt,
      lastResponseStatus: webhookDeliveries.lastResponseStatus,
      lastError: webhookDeliveries.lastError,
      completedAt: webhookDeliveries.completedAt,
      manual: webhookDeliveries.manual,
      createdAt: webhookDeliveries.createdAt,
    })
    .from(webhookDeliveries)
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .where(and(...conditions))
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(page.limit + 1);
  const items = rows.slice(0, page.limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > page.limit && last ? encodeCursor(last) : null };
}

/** One delivery with the body it sends and every attempt: request headers, answer (truncated) and timing. */
export async function getWebhookDelivery(db: DbOrTx, businessId: string, deliveryId: string) {
  const [row] = await db
    .select({ delivery: webhookDeliveries, event: webhookEvents })
    .from(webhookDeliveries)
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .where(and(eq(webhookDeliveries.businessId, businessId), eq(webhookDeliveries.id, deliveryId)));
  if (!row) throw new AppError("NOT_FOUND", "Delivery not found");
  const attempts = await db
    .select()
    .from(webhookAttempts)
    .where(eq(webhookAttempts.deliveryId, deliveryId))
    .orderBy(desc(webhookAttempts.attemptedAt));
  return {
    ...row.delivery,
    eventType: row.event.type,
    body: row.event.body,
    attemptLog: attempts.map((attempt) => ({
      id: attempt.id,
      attemptedAt: attempt.attemptedAt,
      url: attempt.url,
      requestHeaders: attempt.requestHeaders,
      responseStatus: attempt.responseStatus,
      responseHeaders: attempt.responseHeaders,
      responseBody: attempt.responseBody,
      durationMs: attempt.durationMs,
      error: attempt.error,
    })),
  };
}

/** Key rotation: re-encrypts signing secrets made with an older key (`reencrypt-secrets`). */
export async function reencryptWebhookSecrets(db: DbOrTx, keyring: Keyring): Promise<number> {
  const rows = await db
    .select({ id: webhookEndpoints.id, secretCiphertext: webhookEndpoints.secretCiphertext })
    .from(webhookEndpoints);
  let changed = 0;
  for (const row of rows) {
    if (!keyring.isStale(row.secretCiphertext)) continue;
    const secret = keyring.decrypt(row.secretCiphertext, secretAssociatedData(row.id));
    await db
      .update(webhookEndpoints)
      .set({ secretCiphertext: keyring.encrypt(secret, secretAssociatedData(row.id)) })
      .where(eq(webhookEndpoints.id, row.id));
    changed += 1;
  }
  return changed;
}
