import { boolean, index, integer, jsonb, pgEnum, pgTable, text, uuid, varchar } from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { businesses } from "./businesses";
import { id, timestamps, timestamptz } from "./columns";

/**
 * Where a business's events go. The signing secret is kept encrypted (the data keyring): it is shown to the
 * owner once, and the worker needs it back to sign every delivery.
 */
export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  {
    id: id(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    url: varchar({ length: 2000 }).notNull(),
    description: varchar({ length: 200 }),
    /** Subscribed event types (`invoice.paid`, …). */
    events: text().array().notNull(),
    secretCiphertext: text().notNull(),
    enabled: boolean().notNull().default(true),
    /** Set when deliveries kept failing for a day: the endpoint is switched off until someone turns it back on. */
    flaggedAt: timestamptz(),
    flagReason: text(),
    createdByUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    ...timestamps,
  },
  (t) => [index("webhook_endpoints_business_idx").on(t.businessId)],
);

/**
 * The webhook outbox: one row per event, written in the transaction of the change it describes (and only when
 * an enabled endpoint listens). `body` is the exact JSON delivered and signed, so a resend sends the same bytes.
 */
export const webhookEvents = pgTable(
  "webhook_events",
  {
    id: id(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    type: varchar({ length: 60 }).notNull(),
    body: text().notNull(),
    createdAt: timestamptz().notNull(),
  },
  (t) => [index("webhook_events_business_idx").on(t.businessId, t.createdAt)],
);

export const webhookDeliveryStatusEnum = pgEnum("webhook_delivery_status", [
  "pending",
  "succeeded",
  "failed",
]);

/** One event for one endpoint: retried with backoff until it succeeds or a day has passed. */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: id(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    endpointId: uuid()
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: "cascade" }),
    eventId: uuid()
      .notNull()
      .references(() => webhookEvents.id, { onDelete: "cascade" }),
    status: webhookDeliveryStatusEnum().notNull().default("pending"),
    attempts: integer().notNull().default(0),
    /** When the next attempt is due; while an attempt runs, a short lease so nobody else sends it. */
    nextAttemptAt: timestamptz().notNull(),
    lastAttemptAt: timestamptz(),
    lastResponseStatus: integer(),
    lastError: text(),
    completedAt: timestamptz(),
    /** A person asked for it ("Resend", "Send test event"). */
    manual: boolean().notNull().default(false),
    createdAt: timestamptz().notNull(),
  },
  (t) => [
    index("webhook_deliveries_due_idx").on(t.status, t.nextAttemptAt),
    index("webhook_deliveries_endpoint_idx").on(t.endpointId, t.createdAt),
  ],
);

export type TWebhookHeaders = Record<string, string>;

/** The delivery log: every attempt's request headers, response (truncated) and timing. */
export const webhookAttempts = pgTable(
  "webhook_attempts",
  {
    id: id(),
    deliveryId: uuid()
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: "cascade" }),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    attemptedAt: timestamptz().notNull(),
    url: varchar({ length: 2000 }).notNull(),
    requestHeaders: jsonb().$type<TWebhookHeaders>().notNull(),
    responseStatus: integer(),
    responseHeaders: jsonb().$type<TWebhookHeaders>(),
    /** The first few kilobytes of what the receiver answered. */
    responseBody: text(),
    durationMs: integer().notNull(),
    error: text(),
  },
  (t) => [index("webhook_attempts_delivery_idx").on(t.deliveryId, t.attemptedAt)],
);
