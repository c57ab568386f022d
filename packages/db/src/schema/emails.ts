import { boolean, index, integer, jsonb, pgEnum, pgTable, text, uuid, varchar } from "drizzle-orm/pg-core";
import { businesses } from "./businesses";
import { id, timestamptz } from "./columns";

export const emailStatusEnum = pgEnum("email_status", ["queued", "sent", "failed"]);

export type TEmailAttachmentRef = { kind: string; id: string; filename: string };

/**
 * The email outbox. A row is written in the transaction that decides to send, then a job delivers it;
 * a sweeper re-enqueues rows whose job was lost, so no email depends on Redis being up at that moment.
 */
export const emails = pgTable(
  "emails",
  {
    id: id(),
    businessId: uuid().references(() => businesses.id, { onDelete: "cascade" }),
    template: varchar({ length: 100 }).notNull(),
    toAddress: varchar({ length: 254 }).notNull(),
    subject: varchar({ length: 300 }).notNull(),
    html: text(),
    textBody: text(),
    /** Documents the worker renders and attaches at send time (e.g. an invoice PDF). */
    attachments: jsonb().$type<TEmailAttachmentRef[]>(),
    /** Bodies carrying a secret (reset links, invitations) are erased once delivered. */
    sensitive: boolean().notNull().default(false),
    status: emailStatusEnum().notNull().default("queued"),
    attempts: integer().notNull().default(0),
    lastError: text(),
    providerMessageId: varchar({ length: 300 }),
    sentAt: timestamptz(),
    createdAt: timestamptz().notNull().defaultNow(),
  },
  (t) => [
    index("emails_status_idx").on(t.status, t.createdAt),
    // Daily sending quotas count a business's emails of one template since its local midnight.
    index("emails_business_template_idx").on(t.businessId, t.template, t.createdAt),
  ],
);
