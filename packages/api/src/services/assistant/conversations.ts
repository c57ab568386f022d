import { assistantConversations, assistantMessages, type DbOrTx } from "@kavi/db";
import { deserializeFromWire } from "@kavi/domain";
import type { AnswerCard } from "@kavi/insights/assistant";
import { and, asc, desc, eq, lt, or } from "drizzle-orm";
import { AppError } from "../../errors";
import type { FallbackReason } from "./gemini/brain";

/** Whose conversations: one person in one business. Anyone else's id is NOT_FOUND, like a missing one. */
export interface ConversationOwner {
  businessId: string;
  userId: string;
}

function ownedBy(owner: ConversationOwner, conversationId: string) {
  return and(
    eq(assistantConversations.id, conversationId),
    eq(assistantConversations.businessId, owner.businessId),
    eq(assistantConversations.userId, owner.userId),
  );
}

export async function findConversation(db: DbOrTx, owner: ConversationOwner, conversationId: string) {
  const [row] = await db.select().from(assistantConversations).where(ownedBy(owner, conversationId)).limit(1);
  if (!row) throw new AppError("NOT_FOUND", "Conversation not found");
  return row;
}

/** Newest first, keyset on (lastMessageAt, id). */
export async function listConversations(
  db: DbOrTx,
  owner: ConversationOwner,
  page: { limit: number; before?: { at: Date; id: string } | null },
) {
  const rows = await db
    .select({
      id: assistantConversations.id,
      title: assistantConversations.title,
      lastMessageAt: assistantConversations.lastMessageAt,
      createdAt: assistantConversations.createdAt,
    })
    .from(assistantConversations)
    .where(
      and(
        eq(assistantConversations.businessId, owner.businessId),
        eq(assistantConversations.userId, owner.userId),
        page.before
          ? or(
              lt(assistantConversations.lastMessageAt, page.before.at),
              and(
                eq(assistantConversations.lastMessageAt, page.before.at),
                lt(assistantConversations.id, page.before.id),
              ),
            )
          : undefined,
      ),
    )
    .orderBy(desc(assistantConversations.lastMessageAt), desc(assistantConversations.id))
    .limit(page.limit + 1);
  return { items: rows.slice(0, page.limit), hasMore: rows.length > page.limit };
}

export interface StoredToolCall {
  name: string;
  input: unknown;
  output: unknown;
}

/** A conversation with its messages, oldest first; answers with their cards and tool calls, exactly as given. */
export async function getConversation(db: DbOrTx, owner: ConversationOwner, conversationId: string) {
  const conversation = await findConversation(db, owner, conversationId);
  const rows = await db
    .select()
    .from(assistantMessages)
    .where(eq(assistantMessages.conversationId, conversation.id))
    .orderBy(asc(assistantMessages.createdAt), asc(assistantMessages.id));
  return {
    id: conversation.id,
    title: conversation.title,
    createdAt: conversation.createdAt,
    messages: rows.map((row) => ({
      id: row.id,
      role: row.role as "user" | "assistant",
      content: row.content,
      language: row.language as "en" | "sw",
      brain: row.brain,
      intent: row.intent,
      cards: deserializeFromWire(row.cards) as AnswerCard[],
      suggestions: row.suggestions as string[],
      toolCalls: deserializeFromWire(row.toolCalls) as StoredToolCall[],
      fallback: row.fallback as FallbackReason | null,
      notice: row.notice,
      createdAt: row.createdAt,
    })),
  };
}

export async function deleteConversation(db: DbOrTx, owner: ConversationOwner, conversationId: string) {
  const deleted = await db
    .delete(assistantConversations)
    .where(ownedBy(owner, conversationId))
    .returning({ id: assistantConversations.id });
  if (deleted.length === 0) throw new AppError("NOT_FOUND", "Conversation not found");
  return { deleted: true as const };
}
