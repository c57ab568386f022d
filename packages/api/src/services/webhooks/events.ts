import type { DbOrTx } from "@kavi/db";
import { type TWebhookEventData, WEBHOOK_EVENT_SCHEMAS, type WebhookEventType } from "@kavi/domain";
import { sql } from "drizzle-orm";
import type { AfterCommit } from "../unit-of-work";

export interface WebhookEventInput<T extends WebhookEventType> {
  businessId: string;
  type: T;
  data: TWebhookEventData<T>;
  /** When it happened: the envelope's `timestamp` and the first attempt's due time. */
  now: Date;
}

/** The exact body every endpoint receives for an event (Standard Webhooks' `{ type, timestamp, data }`). */
export function webhookBody<T extends WebhookEventType>(
  input: Omit<WebhookEventInput<T>, "businessId">,
): string {
  // A bug in a caller must fail the change (and its tests), not send a malformed body.
  const data = WEBHOOK_EVENT_SCHEMAS[input.type].parse(input.data);
  return JSON.stringify({ type: input.type, timestamp: input.now.toISOString(), data });
}

/**
 * Writes an event to the webhook outbox in the caller's transaction, with a delivery for every enabled endpoint
 * of the business that subscribes to it: one statement, and nothing at all when no endpoint listens. The
 * delivery jobs are enqueued after the commit; the sweeper finds them if that fails (or if no `afterCommit`).
 */
export async function recordWebhookEvent<T extends WebhookEventType>(
  tx: DbOrTx,
  afterCommit: AfterCommit | null | undefined,
  input: WebhookEventInput<T>,
): Promise<string[]> {
  const body = webhookBody(input);
  const result = await tx.execute<{ id: string }>(sql`
    with targets as (
      select id from webhook_endpoints
      where business_id = ${input.businessId} and enabled and ${input.type} = any(events)
    ), event as (
      insert into webhook_events (business_id, type, body, created_at)
      select ${input.businessId}, ${input.type}, ${body}, ${input.now.toISOString()}::timestamptz
      where exists (select 1 from targets)
      returning id
    )
    insert into webhook_deliveries (business_id, endpoint_id, event_id, next_attempt_at, created_at)
    select ${input.businessId}, targets.id, event.id, ${input.now.toISOString()}::timestamptz,
      ${input.now.toISOString()}::timestamptz
    from targets, event
    returning id`);
  const ids = result.rows.map((row) => row.id);
  for (const deliveryId of ids) afterCommit?.enqueue("webhooks.deliver", { deliveryId, attempt: 0 });
  return ids;
}

/**
 * recordWebhookEvent for many events (a settlement batch): every body is still checked, but which businesses'
 * endpoints listen is read once, and only the events someone listens to are written, each as recordWebhookEvent
 * writes it. Nothing listens, as for most businesses: one statement for the whole batch.
 */
export async function recordWebhookEvents(
  tx: DbOrTx,
  afterCommit: AfterCommit | null | undefined,
  inputs: readonly WebhookEventInput<WebhookEventType>[],
): Promise<void> {
  if (inputs.length === 0) return;
  const [only] = inputs;
  if (inputs.length === 1 && only) {
    await recordWebhookEvent(tx, afterCommit, only);
    return;
  }
  for (const input of inputs) webhookBody(input);
  const businessIds = [...new Set(inputs.map((input) => input.businessId))];
  const listening = await tx.execute<{ business_id: string; events: string[] }>(sql`
    select business_id, events from webhook_endpoints
    where business_id = any(${sql.param(businessIds)}::uuid[]) and enabled`);
  const wanted = new Set(
    listening.rows.flatMap((row) => row.events.map((type) => `${row.business_id}|${type}`)),
  );
  for (const input of inputs) {
    if (wanted.has(`${input.businessId}|${input.type}`)) await recordWebhookEvent(tx, afterCommit, input);
  }
}
