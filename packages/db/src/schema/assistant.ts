import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, text, uuid, varchar } from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { businesses } from "./businesses";
import { id, timestamps, timestamptz } from "./columns";

/** One person's conversation with the assistant inside one business; only they see it, and they can delete it. */
export const assistantConversations = pgTable(
  "assistant_conversations",
  {
    id: id(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The first question, shortened: what the history list shows. */
    title: varchar({ length: 120 }).notNull(),
    lastMessageAt: timestamptz().notNull().defaultNow(),
    ...timestamps,
  },
  (t) => [index("assistant_conversations_owner_idx").on(t.businessId, t.userId, t.lastMessageAt.desc())],
);

/**
 * A question or an answer. Answers keep what they were built from: the tool calls (name, input, output) and
 * the cards, stored in the wire format (bigint amounts as {"$big": "…"}), so a reopened answer is exact.
 */
export const assistantMessages = pgTable(
  "assistant_messages",
  {
    id: id(),
    conversationId: uuid()
      .notNull()
      .references(() => assistantConversations.id, { onDelete: "cascade" }),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    /** "user" or "assistant". */
    role: varchar({ length: 16 }).notNull(),
    content: text().notNull(),
    /** "en" or "sw". */
    language: varchar({ length: 8 }).notNull(),
    /** Which brain answered ("offline", "gemini"); null on questions. */
    brain: varchar({ length: 32 }),
    intent: varchar({ length: 40 }),
    cards: jsonb().notNull().default(sql`'[]'::jsonb`),
    suggestions: jsonb().notNull().default(sql`'[]'::jsonb`),
    toolCalls: jsonb().notNull().default(sql`'[]'::jsonb`),
    latencyMs: integer(),
    /** Why the offline engine answered although Gemini is configured ("ungrounded", "over_cap"…); null otherwise. */
    fallback: varchar({ length: 32 }),
    /** A sentence shown under the answer (the month's AI allowance is used up); null when there is none. */
    notice: text(),
    createdAt: timestamps.createdAt,
  },
  (t) => [index("assistant_messages_conversation_idx").on(t.conversationId, t.createdAt)],
);
