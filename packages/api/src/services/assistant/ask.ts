import { randomUUID } from "node:crypto";
import type { TModelUsage } from "@kavi/ai";
import { assistantConversations, assistantMessages, type Database } from "@kavi/db";
import { localDateOf, type MemberGrant, serializeForWire } from "@kavi/domain";
import {
  type AnswerCard,
  type Brain,
  type BrainAnswer,
  type BrainContext,
  detectLanguage,
  type Language,
  type Lexicon,
  offlineBrain,
  parseActionRequest,
  type ToolCall,
  type ToolRunner,
  ungroundedFigures,
} from "@kavi/insights/assistant";
import { eq } from "drizzle-orm";
import type { CallerBusiness } from "../caller";
import { categoryNames } from "../categories";
import { customerNames } from "../customers";
import type { ServiceContext } from "../service-context";
import { supplierNames } from "../suppliers";
import { draftProposal, insertProposal, PROPOSAL_LIFETIME_MS, type Proposal, withProposal } from "./actions";
import { findConversation, type StoredToolCall } from "./conversations";
import { createGeminiBrain, type FallbackReason, GeminiFallback } from "./gemini/brain";
import type { AssistantGeminiSettings } from "./gemini/config";
import { GroundedStream, type TAskStreamEvent } from "./gemini/grounded-stream";
import { assistantAllowance, estimateCostMicroUsd, recordAssistantUsage } from "./gemini/usage";
import type { ObserveSpeech } from "./speech";
import { createToolRunner, type ToolObserver } from "./tools/registry";

export interface AskInput {
  message: string;
  conversationId?: string | null | undefined;
  language?: Language | null | undefined;
}

/** The assistant's brain and metric hooks, on the context (`ctx.assistant`; the server's, or a test's). */
export interface AssistantServices {
  /** A fixed brain (tests); otherwise Gemini when configured and allowed, else the offline engine. */
  brain?: Brain;
  /** The Gemini brain's client, bounds and allowance (no client: the offline engine answers). */
  gemini?: AssistantGeminiSettings;
  observeTool?: ToolObserver;
  /** Called once per question, for metrics. */
  observeAnswer?: (event: { brain: string; intent: string; language: Language; durationMs: number }) => void;
  /** Gemini was configured but the offline engine answered, and why ("ungrounded": the guard rejected it). */
  observeFallback?: (event: { reason: FallbackReason }) => void;
  /** Each Gemini call's tokens and estimated cost. */
  observeModelUsage?: (event: { usage: TModelUsage; costMicroUsd: bigint; failed: boolean }) => void;
  /** Each Read aloud and what it found (speech.ts). */
  observeSpeech?: ObserveSpeech;
}

export interface AskResult {
  conversationId: string;
  messageId: string;
  reply: string;
  speech: string;
  language: Language;
  brain: string;
  intent: BrainAnswer["intent"];
  cards: AnswerCard[];
  suggestions: string[];
  toolCalls: StoredToolCall[];
  /** Why the offline engine answered although Gemini is configured (null: it did not, or it is not). */
  fallback: FallbackReason | null;
  /** Something the person should know about this answer (the month's AI allowance is used up). */
  notice: string | null;
}
export type AskStreamEvent = TAskStreamEvent<AskResult>;

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
export async function askAssistant(
  ctx: ServiceContext,
  caller: AskCaller,
  input: AskInput,
  /** Receives the reply as it is written (Gemini; guarded), then the whole answer. */
  emit?: (event: AskStreamEvent) => void,
): Promise<AskResult> {
  const started = performance.now();
  const assistant = ctx.assistant ?? {};
  const owner = { businessId: caller.business.id, userId: caller.userId };
  const existing = input.conversationId ? await findConversation(ctx.db, owner, input.conversationId) : null;
  const now = ctx.now();
  const today = localDateOf(now, caller.business.timezone);
  const lexicon = await loadLexicon(ctx.db, caller.business.id);
  // The answer's language (the brain detects it the same way): the tools word built-in category names in it.
  const language = input.language ?? detectLanguage(input.message);
  const runTool = createToolRunner(
    { db: ctx.db, business: caller.business, membership: caller.membership, now, today, language },
    ctx.logger,
    assistant.observeTool,
  );
  const context: BrainContext = {
    today,
    currency: caller.business.baseCurrency,
    timezone: caller.business.timezone,
    lexicon,
    language: input.language ?? null,
  };
  // A request to do something becomes a proposal (a card to confirm); questions go to the brain. Gemini reads
  // requests too (its action functions only propose); when it is not configured or falls back, the offline
  // parser's reading of the request is used.
  const request = parseActionRequest(input.message, { today, lexicon, language: input.language ?? null });
  let chosen: ChosenAnswer;
  if (assistant.brain) {
    chosen = request
      ? { answer: null, fallback: null, notice: null }
      : {
          answer: await assistant.brain.answer(input.message, context, runTool),
          fallback: null,
          notice: null,
        };
  } else {
    chosen = await answerWithGemini(ctx, caller, input.message, context, runTool, emit);
  }
  const action = chosen.answer ? (chosen.answer.action ?? null) : request;
  let proposal: Proposal | null = null;
  if (action) {
    const drafted = await draftProposal(
      { db: ctx.db, business: caller.business, membership: caller.membership, now, today },
      action,
    );
    proposal = drafted.proposal
      ? { ...drafted.proposal, id: randomUUID(), expiresAt: new Date(now.getTime() + PROPOSAL_LIFETIME_MS) }
      : null;
    const cards = proposal ? withProposal(drafted.answer.cards, proposal) : drafted.answer.cards;
    chosen = {
      ...chosen,
      answer: {
        ...drafted.answer,
        cards,
        brain: chosen.answer?.action ? "gemini" : "offline",
        language: action.language,
        intent: "action",
        toolCalls: chosen.answer?.toolCalls ?? [],
      },
    };
  }
  const answer = chosen.answer ?? (await offlineBrain.answer(input.message, context, runTool));
  const toolCalls = storedCalls(answer.toolCalls);
  const latencyMs = Math.round(performance.now() - started);
  const saved = await ctx.db.transaction(async (tx) => {
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
          fallback: chosen.fallback,
          notice: chosen.notice,
          // A millisecond after the question, so the two always sort in order.
          createdAt: new Date(now.getTime() + 1),
        },
      ])
      .returning({ id: assistantMessages.id });
    if (!question || !reply) throw new Error("message insert returned nothing");
    if (proposal) await insertProposal(tx, proposal, { ...owner, conversationId, messageId: reply.id });
    return { conversationId, messageId: reply.id };
  });
  const durationMs = performance.now() - started;
  assistant.observeAnswer?.({
    brain: answer.brain,
    intent: answer.intent,
    language: answer.language,
    durationMs,
  });
  // One line per answer: the CloudWatch dashboard's assistant widgets read these (infra/cdk monitoring-stack).
  ctx.logger.info(
    {
      assistant: {
        brain: answer.brain,
        intent: answer.intent,
        language: answer.language,
        fallback: chosen.fallback,
        fellBack: chosen.fallback ? 1 : 0,
        ungrounded: chosen.fallback === "ungrounded" ? 1 : 0,
        toolErrors: answer.toolCalls.filter((call) => !call.result.ok && call.result.error === "failed")
          .length,
        durationMs: Math.round(durationMs),
      },
    },
    "assistant answered",
  );
  const result: AskResult = {
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
    fallback: chosen.fallback,
    notice: chosen.notice,
  };
  emit?.({ type: "answer", answer: result });
  return result;
}

const OVER_CAP_NOTICE: Record<Language, string> = {
  en: "This business has used its AI allowance for the month, so KAVI answered with its built-in engine. It resets on the 1st.",
  sw: "Biashara hii imemaliza kiwango chake cha AI kwa mwezi huu, kwa hivyo KAVI imejibu kwa injini yake ya ndani. Kitaanza upya tarehe 1.",
};

interface ChosenAnswer {
  /** Null: the offline engine answers. */
  answer: BrainAnswer | null;
  fallback: FallbackReason | null;
  notice: string | null;
}

/**
 * Gemini, when configured and the business has allowance left: its answer streams through the grounding
 * guard and is kept only if every figure in it came from this turn's tool results. Errors, timeouts, 429s,
 * malformed arguments, limits and ungrounded figures all leave the answer to the offline engine (counted).
 */
async function answerWithGemini(
  ctx: ServiceContext,
  caller: AskCaller,
  question: string,
  context: BrainContext,
  runTool: ToolRunner,
  emit: ((event: AskStreamEvent) => void) | undefined,
): Promise<ChosenAnswer> {
  const assistant = ctx.assistant ?? {};
  const settings = assistant.gemini;
  if (!settings?.client) return { answer: null, fallback: null, notice: null };
  const fallBack = (reason: FallbackReason, notice: string | null = null): ChosenAnswer => {
    assistant.observeFallback?.({ reason });
    return { answer: null, fallback: reason, notice };
  };
  const businessId = caller.business.id;
  const allowance = await assistantAllowance(
    ctx.db,
    businessId,
    context.today,
    settings.monthlyTokensPerBusiness,
  );
  if (allowance.exhausted) {
    return fallBack("over_cap", OVER_CAP_NOTICE[context.language ?? detectLanguage(question)]);
  }
  const calls: ToolCall[] = [];
  const trackedRunTool = (async (name, toolInput) => {
    const result = await runTool(name, toolInput);
    calls.push({ name, input: toolInput, result } as ToolCall);
    return result;
  }) as ToolRunner;
  const given = [question, context.today];
  const stream = new GroundedStream(
    (text) => emit?.({ type: "text", text }),
    () => calls,
    given,
  );
  const brain = createGeminiBrain({
    client: settings.client,
    businessName: caller.business.tradingName ?? caller.business.legalName,
    maxSteps: settings.maxSteps,
    maxTokensPerAnswer: settings.maxTokensPerAnswer,
    maxOutputTokens: settings.maxOutputTokens,
    onUsage: async (usage, failed) => {
      const costMicroUsd = estimateCostMicroUsd(usage, settings.priceMicroUsdPerMillion);
      assistant.observeModelUsage?.({ usage, costMicroUsd, failed });
      await recordAssistantUsage(ctx.db, businessId, context.today, usage, failed, costMicroUsd).catch(
        (error: unknown) => ctx.logger.error({ err: error }, "assistant usage not recorded"),
      );
    },
  });
  const restart = () => {
    if (stream.started) emit?.({ type: "restart" });
  };
  try {
    const answer = await brain.answer(question, context, trackedRunTool, {
      onText: stream.push,
      signal: AbortSignal.timeout(settings.answerTimeoutMs),
    });
    if (answer.action) {
      // A proposal's words are KAVI's own (drafted from the services); anything the model wrote goes.
      restart();
      return { answer, fallback: null, notice: null };
    }
    const ungrounded = ungroundedFigures(answer.reply, answer.toolCalls, given);
    if (ungrounded.length > 0) {
      ctx.logger.warn({ ungrounded, businessId }, "assistant: Gemini stated figures no tool returned");
      restart();
      return fallBack("ungrounded");
    }
    stream.finish();
    return { answer, fallback: null, notice: null };
  } catch (error) {
    restart();
    if (error instanceof GeminiFallback) {
      ctx.logger.warn({ reason: error.reason, err: error, businessId }, "assistant: Gemini fell back");
      return fallBack(error.reason);
    }
    ctx.logger.error({ err: error, businessId }, "assistant: Gemini brain failed");
    return fallBack("unavailable");
  }
}
