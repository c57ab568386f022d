import { customType, index, integer, jsonb, pgTable, text, uuid, varchar } from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { assistantConversations, assistantMessages } from "./assistant";
import { businesses } from "./businesses";
import { timestamptz } from "./columns";

/**
 * An action the assistant proposed ("record 2,500 for fuel"), waiting for the person to confirm it. The payload
 * (ids and amounts the services need) never leaves the server: the client confirms the id, once, before it
 * expires, as the same person in the same business. `pending` → `confirming` (claimed by one request) → `done`
 * or `failed`; or `cancelled`.
 */
export const assistantActionProposals = pgTable(
  "assistant_action_proposals",
  {
    id: uuid().primaryKey(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    conversationId: uuid()
      .notNull()
      .references(() => assistantConversations.id, { onDelete: "cascade" }),
    /** The answer whose card proposes it (its card's status follows the proposal's). */
    messageId: uuid()
      .notNull()
      .references(() => assistantMessages.id, { onDelete: "cascade" }),
    kind: varchar({ length: 40 }).notNull(),
    payload: jsonb().notNull(),
    status: varchar({ length: 16 }).notNull().default("pending"),
    expiresAt: timestamptz().notNull(),
    createdAt: timestamptz().notNull().defaultNow(),
    decidedAt: timestamptz(),
    /** What the service returned (ids), or why it refused. */
    outcome: jsonb(),
  },
  (t) => [index("assistant_action_proposals_owner_idx").on(t.businessId, t.userId, t.createdAt)],
);

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => "bytea" });

/**
 * Spoken answers, cached by (text, voice, language, model, format): `key` is the SHA-256 of those, so asking
 * for the same answer again costs no ElevenLabs characters. Audio lives here (not in Redis) because the
 * Redis is BullMQ's, run without eviction: megabytes of audio there would crowd out the queues. Rows unused
 * for a while are deleted by the maintenance sweep.
 */
export const assistantSpeech = pgTable(
  "assistant_speech",
  {
    key: varchar({ length: 64 }).primaryKey(),
    text: text().notNull(),
    language: varchar({ length: 8 }).notNull(),
    voiceId: varchar({ length: 80 }).notNull(),
    /** pending → ready, or failed (with the reason). */
    status: varchar({ length: 16 }).notNull().default("pending"),
    contentType: varchar({ length: 60 }),
    audio: bytea(),
    bytes: integer(),
    error: text(),
    createdAt: timestamptz().notNull().defaultNow(),
    lastUsedAt: timestamptz().notNull().defaultNow(),
  },
  (t) => [index("assistant_speech_last_used_idx").on(t.lastUsedAt)],
);
