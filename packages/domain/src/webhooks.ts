import { z } from "zod";
import { LOAN_APPLICATION_STATUSES } from "./lending/schemas";
import { toMajorString } from "./money";
import { optionalText } from "./schemas/common";

/**
 * Outgoing webhooks: the events a business's endpoints may subscribe to, and the documented shape of each
 * event's `data`. The delivered body is a Standard Webhooks payload: `{ type, timestamp, data }`. Money is a
 * decimal string with its currency (never a float), dates are ISO 8601 strings.
 */

/** "1234.50" with its currency: how money travels in webhook bodies. */
const ZMoneySchema = z.object({
  amount: z.string().regex(/^-?\d+(\.\d+)?$/),
  currency: z.string().regex(/^[A-Z]{3}$/),
});
export type TWebhookMoney = z.infer<typeof ZMoneySchema>;

export function webhookMoney(amountMinor: bigint, currency: string): TWebhookMoney {
  return { amount: toMajorString(amountMinor, currency), currency };
}

const isoDateTime = z.iso.datetime({ offset: true });
const isoDate = z.iso.date();
const id = z.uuid();

export const WEBHOOK_EVENT_SCHEMAS = {
  "invoice.paid": z.object({
    businessId: id,
    invoiceId: id,
    invoiceNumber: z.string().nullable(),
    customerId: id,
    total: ZMoneySchema,
    amountPaid: ZMoneySchema,
    paidAt: isoDateTime,
  }),
  "invoice.overdue": z.object({
    businessId: id,
    invoiceId: id,
    invoiceNumber: z.string().nullable(),
    customerId: id,
    dueDate: isoDate,
    total: ZMoneySchema,
    amountPaid: ZMoneySchema,
  }),
  "payment.received": z.object({
    businessId: id,
    channel: z.literal("mpesa"),
    receipt: z.string().nullable(),
    amount: ZMoneySchema,
    /** The invoice it paid (null when it was not matched to one). */
    invoiceId: id.nullable(),
    customerId: id.nullable(),
    /** False when it waits in the Unreconciled inbox (a `payment.unreconciled` event follows). */
    applied: z.boolean(),
  }),
  "payment.unreconciled": z.object({
    businessId: id,
    channel: z.literal("mpesa"),
    receipt: z.string().nullable(),
    amount: ZMoneySchema,
    customerId: id.nullable(),
  }),
  "transaction.created": z.object({
    businessId: id,
    transactionId: id,
    type: z.enum(["income", "expense", "transfer"]),
    status: z.string(),
    amount: ZMoneySchema,
    transactionDate: isoDateTime,
    description: z.string().nullable(),
    categoryId: id.nullable(),
    source: z.string(),
    referenceNumber: z.string().nullable(),
    customerId: id.nullable(),
    supplierId: id.nullable(),
    invoiceId: id.nullable(),
  }),
  "payout.completed": z.object({
    businessId: id,
    payoutId: id,
    amount: ZMoneySchema,
    receipt: z.string(),
    receiverName: z.string().nullable(),
    purpose: z.string(),
    completedAt: isoDateTime,
    transactionId: id.nullable(),
  }),
  "loan.status_changed": z.object({
    businessId: id,
    loanId: id,
    loanNumber: z.string(),
    status: z.enum(LOAN_APPLICATION_STATUSES),
    principal: ZMoneySchema,
    /** The reviewer's reason on a recommendation or decision; null otherwise. */
    reason: z.string().nullable(),
    changedAt: isoDateTime,
  }),
  /** Sent only by "Send test event"; never subscribed to. */
  "webhook.test": z.object({
    businessId: id,
    endpointId: id,
    message: z.string(),
  }),
} as const;

export type WebhookEventType = keyof typeof WEBHOOK_EVENT_SCHEMAS;
export type TWebhookEventData<T extends WebhookEventType> = z.input<(typeof WEBHOOK_EVENT_SCHEMAS)[T]>;

/** The events an endpoint can subscribe to, with a label for people. */
export const WEBHOOK_SUBSCRIBABLE_EVENTS = [
  { type: "invoice.paid", label: "An invoice is paid in full" },
  { type: "invoice.overdue", label: "An invoice becomes overdue" },
  { type: "payment.received", label: "An M-Pesa payment arrives" },
  { type: "payment.unreconciled", label: "An M-Pesa payment needs matching" },
  { type: "transaction.created", label: "A transaction is recorded" },
  { type: "payout.completed", label: "An M-Pesa payout is sent" },
  { type: "loan.status_changed", label: "A loan application or loan changes status" },
] as const satisfies readonly { type: WebhookEventType; label: string }[];

export type SubscribableWebhookEvent = (typeof WEBHOOK_SUBSCRIBABLE_EVENTS)[number]["type"];
export const SUBSCRIBABLE_WEBHOOK_EVENT_TYPES = WEBHOOK_SUBSCRIBABLE_EVENTS.map((event) => event.type);

/** The Standard Webhooks envelope every delivery carries. */
export const ZWebhookPayloadSchema = z.object({
  type: z.enum(Object.keys(WEBHOOK_EVENT_SCHEMAS) as [WebhookEventType, ...WebhookEventType[]]),
  timestamp: isoDateTime,
  data: z.record(z.string(), z.unknown()),
});

/** A webhook address as a person types it; the server checks it further (https, where it points). */
export const ZWebhookUrlSchema = z
  .string({ error: "Enter the address that receives the webhooks" })
  .trim()
  .min(1, { error: "Enter the address that receives the webhooks" })
  .max(2000, { error: "The address has at most 2000 characters" })
  .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), {
    error: "Enter a full address such as https://example.co.ke/kavi/webhooks",
  });

const ZEventListSchema = z
  .array(
    z.enum(SUBSCRIBABLE_WEBHOOK_EVENT_TYPES as [SubscribableWebhookEvent, ...SubscribableWebhookEvent[]]),
    {
      error: "Choose the events to send",
    },
  )
  .min(1, { error: "Choose at least one event" })
  .max(SUBSCRIBABLE_WEBHOOK_EVENT_TYPES.length)
  .transform((events) => [...new Set(events)]);

export const ZCreateWebhookEndpointSchema = z.object({
  url: ZWebhookUrlSchema,
  description: optionalText(200, "The description"),
  events: ZEventListSchema,
});
export type TCreateWebhookEndpointInput = z.input<typeof ZCreateWebhookEndpointSchema>;

export const ZUpdateWebhookEndpointSchema = z.object({
  endpointId: z.uuid({ error: "This id is not valid" }),
  url: ZWebhookUrlSchema.optional(),
  description: optionalText(200, "The description"),
  events: ZEventListSchema.optional(),
  enabled: z.boolean().optional(),
});
