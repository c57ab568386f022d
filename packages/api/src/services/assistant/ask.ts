import { randomUUID } from "node:crypto";
import { assistantConversations, assistantMessages, type Database } from "@kavi/db";
import { localDateOf, type MemberGrant, serializeForWire } from "@kavi/domain";
import {
  type AnswerCard,
  type Brain,
  type Language,
  type Lexicon,
  offlineBrain,
  parseActionRequest,
  type ToolCall,
} from "@kavi/insights/assistant";
import { eq } from "drizzle-orm";
import type { Logger } from "../../logger";
import type { CallerBusiness } from "../caller";
import { categoryNames } from "../categories";
import { customerNames } from "../customers";
import { supplierNames } from "../suppliers";
import { draftProposal, insertProposal, PROPOSAL_LIFETIME_MS, type Proposal, withProposal } from "./actions";
import { findConversation, type StoredToolCall } from "./conversations";
import { createToolRunner, type ToolObserver } from "./tools/registry";

export interface AskInput {
  message: string;
  conversationId?: string | null | undefined;
  language?: Language | null | undefined;
}

export interface AskDependencies {
  db: Database;
  logger: Logger;
  now: () => Date;
  /** The brain that answers; the offline engine unless another is configured. */
  brain?: Brain;
  observeTool?: ToolObserver;
  /** Called once per question, for metrics. */
  observeAnswer?: (event: { brain: string; intent: string; language: Language; durationMs: number }) => void;
}

export interface AskCaller {
  business: CallerBusiness;
  membership: MemberGrant;
  userId: string;
}

/** The names the parser listens for: the business's categories, customers and suppliers, from their services. */
export async function loadLexicon(db: Database, businessId: string): Promise<Lexicon> {
  const [categories, customers, suppliers] = await Promise.all([
    categoryNames(db, businessId),
    customerNames(db, businessId),
    supplierNames(db, businessId),
  ]);
  return { categories, customers, suppliers };
}

function titleFrom(message: string): string {
  const text = message.replace(/\s+/g, " ").trim();
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

function storedCalls(calls: ToolCall[]): StoredToolCall[] {
  return calls.map((call) => ({
    name: call.name,
    input: call.input,
    output: call.result.ok ? call.result.output : { error: call.result.error, message: call.result.message },
  }));
}

/**
 * One question, answered and kept: the brain answers through the tool registry (as the caller), then the
 * question and the answer (with its tool calls and cards) are stored together in one transaction.
 */
export async function askAssistant(deps: AskDependencies, caller: AskCaller, input: AskInput) {
  const started = performance.now();
  const owner = { businessId: caller.business.id, userId: caller.userId };
  const existing = input.conversationId ? await findConversation(deps.db, owner, input.conversationId) : null;
  const now = deps.now();
  const today = localDateOf(now, caller.business.timezone);
  const lexicon = await loadLexicon(deps.db, caller.business.id);
  const brain = deps.brain ?? offlineBrain;
  const runTool = createToolRunner(
    { db: deps.db, business: caller.business, membership: caller.membership, now, today },
    deps.logger,
    deps.observeTool,
  );
  // A request to do something becomes a proposal (a card to confirm); questions go to the brain.
  const request = parseActionRequest(input.message, { today, lexicon, language: input.language ?? null });
  let proposal: Proposal | null = null;
  let answer: Awaited<ReturnType<Brain["answer"]>>;
  if (request) {
    const drafted = await draftProposal(
      { db: deps.db, business: caller.business, membership: caller.membership, now, today },
      request,
    );
    proposal = drafted.proposal
      ? { ...drafted.proposal, id: randomUUID(), expiresAt: new Date(now.getTime() + PROPOSAL_LIFETIME_MS) }
      : null;
    const cards = proposal ? withProposal(drafted.answer.cards, proposal) : drafted.answer.cards;
    answer = {
      ...drafted.answer,
      cards,
      brain: "offline",
      language: request.language,
      intent: "action",
      toolCalls: [],
    };
  } else {
    answer = await brain.answer(
      input.message,
      {
        today,
        currency: caller.business.baseCurrency,
        timezone: caller.business.timezone,
        lexicon,
        language: input.language ?? null,
      },
      runTool,
    );
  }
  const toolCalls = storedCalls(answer.toolCalls);
  const latencyMs = Math.round(performance.now() - started);
  const saved = await deps.db.transaction(async (tx) => {
    let conversationId = existing?.id;
    if (conversationId) {
      await tx
        .update(assistantConversations)
        .set({ lastMessageAt: now })
        .where(eq(assistantConversations.id, conversationId));
    } else {
      const [created] = await tx
        .insert(assistantConversations)
        .values({ ...owner, title: titleFrom(input.message), lastMessageAt: now })
        .returning({ id: assistantConversations.id });
      if (!created) throw new Error("conversation insert returned nothing");
      conversationId = created.id;
    }
    const base = { conversationId, businessId: caller.business.id, language: answer.language };
    const [question, reply] = await tx
      .insert(assistantMessages)
      .values([
        { ...base, role: "user", content: input.message, createdAt: now },
        {
          ...base,
          role: "assistant",
          content: answer.reply,
          brain: answer.brain,
          intent: answer.intent,
          cards: serializeForWire(answer.cards),
          suggestions: answer.suggestions,
          toolCalls: serializeForWire(toolCalls),
          latencyMs,
          // A millisecond after the question, so the two always sort in order.
          createdAt: new Date(now.getTime() + 1),
        },
      ])
      .returning({ id: assistantMessages.id });
    if (!question || !reply) throw new Error("message insert returned nothing");
    if (proposal) await insertProposal(tx, proposal, { ...owner, conversationId, messageId: reply.id });
    return { conversationId, messageId: reply.id };
  });
  deps.observeAnswer?.({
    brain: answer.brain,
    intent: answer.intent,
    language: answer.language,
    durationMs: performance.now() - started,
  });
  return {
    conversationId: saved.conversationId,
    messageId: saved.messageId,
    reply: answer.reply,
    speech: answer.speech,
    language: answer.language,
    brain: answer.brain,
    intent: answer.intent,
    cards: answer.cards as AnswerCard[],
    suggestions: answer.suggestions,
    toolCalls,
  };
}
