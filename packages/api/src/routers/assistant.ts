import { ZIdSchema } from "@kavi/domain";
import { LANGUAGES } from "@kavi/insights/assistant";
import { z } from "zod";
import type { Context } from "../context";
import { cancelProposal, confirmProposal } from "../services/assistant/actions";
import { type AskStreamEvent, askAssistant } from "../services/assistant/ask";
import {
  deleteConversation,
  findConversation,
  getConversation,
  listConversations,
} from "../services/assistant/conversations";
import { getSpeech, requestSpeech } from "../services/assistant/speech";
import { businessProcedure, createTRPCRouter } from "../trpc";

/** The assistant's own module: staff need "assistant"; each tool then checks the module its figures need. */
const useAssistant = businessProcedure("assistant.use");

export const ZAskAssistantSchema = z.object({
  message: z
    .string({ error: "Type a question" })
    .trim()
    .min(1, { error: "Type a question" })
    .max(500, { error: "Ask in at most 500 characters" }),
  conversationId: ZIdSchema.nullish(),
  language: z.enum(LANGUAGES, { error: "Choose English or Kiswahili" }).nullish(),
});

const ZConversationSchema = z.object({ conversationId: ZIdSchema });
const ZProposalSchema = z.object({ proposalId: ZIdSchema });
const ZAnswerSchema = z.object({ messageId: ZIdSchema });

const speechDepsOf = (ctx: Pick<Context, "db" | "jobs" | "now" | "config" | "logger" | "assistant">) => ({
  db: ctx.db,
  jobs: ctx.jobs,
  now: ctx.now,
  speech: ctx.config.speech,
  logger: ctx.logger,
  ...(ctx.assistant?.observeSpeech ? { observeSpeech: ctx.assistant.observeSpeech } : {}),
});

/** The events an answer emits, as an async iterable: queued as they come, yielded in order, until the answer. */
async function* streamAnswer(
  answer: (emit: (event: AskStreamEvent) => void) => Promise<unknown>,
  signal: AbortSignal | undefined,
): AsyncGenerator<AskStreamEvent> {
  const queued: AskStreamEvent[] = [];
  let wake: (() => void) | null = null;
  let finished = false;
  let failure: unknown = null;
  const answering = answer((event) => {
    queued.push(event);
    wake?.();
  }).then(
    () => undefined,
    (error: unknown) => {
      failure = error;
    },
  );
  void answering.finally(() => {
    finished = true;
    wake?.();
  });
  signal?.addEventListener("abort", () => wake?.(), { once: true });
  while (!signal?.aborted) {
    const event = queued.shift();
    if (event) {
      yield event;
      continue;
    }
    if (finished) break;
    await new Promise<void>((resolve) => {
      wake = resolve;
    });
    wake = null;
  }
  if (failure) throw failure;
}

export const assistantRouter = createTRPCRouter({
  /** One question → one answer with its cards, suggestions and the tool calls behind every figure. */
  ask: useAssistant
    .meta({ rateLimit: "assistant" })
    .input(ZAskAssistantSchema)
    .mutation(({ ctx, input }) =>
      askAssistant(
        { db: ctx.db, logger: ctx.logger, now: ctx.now, ...ctx.assistant },
        { business: ctx.business, membership: ctx.membership, userId: ctx.user.id },
        input,
      ),
    ),
  /**
   * The same question, streamed: the reply's text as it is written (Gemini, through the grounding guard), a
   * "restart" when it is being replaced, then the whole answer (exactly what `ask` returns). Served to the SPA
   * as server-sent events by POST /api/kavi/chat/stream.
   */
  askStream: useAssistant
    .meta({ rateLimit: "assistant" })
    .input(ZAskAssistantSchema)
    .subscription(async ({ ctx, input, signal }) => {
      const owner = { businessId: ctx.business.id, userId: ctx.user.id };
      // Refusals come before the stream starts (another person's conversation is NOT_FOUND, as in `ask`).
      if (input.conversationId) await findConversation(ctx.db, owner, input.conversationId);
      return streamAnswer(
        (emit) =>
          askAssistant(
            { db: ctx.db, logger: ctx.logger, now: ctx.now, ...ctx.assistant },
            { business: ctx.business, membership: ctx.membership, userId: ctx.user.id },
            input,
            emit,
          ),
        signal,
      );
    }),
  /**
   * Proposed actions: the assistant only proposes ("Record 2,500 for fuel?"); this does it, once. Asking needs
   * the assistant; doing needs the action's own permission too (checked in the service, as the screen's).
   */
  actions: createTRPCRouter({
    confirm: useAssistant
      .input(ZProposalSchema)
      .mutation(({ ctx, input }) => confirmProposal(ctx, input.proposalId)),
    cancel: useAssistant
      .input(ZProposalSchema)
      .mutation(({ ctx, input }) => cancelProposal(ctx, input.proposalId)),
  }),
  /**
   * An answer read aloud by ElevenLabs (a worker job; cached), or `unavailable` when no key is set so the
   * browser's own voice reads `text`. `request` starts it; `get` returns the audio once it is ready.
   */
  speech: createTRPCRouter({
    request: useAssistant
      .input(ZAnswerSchema)
      .mutation(({ ctx, input }) =>
        requestSpeech(
          speechDepsOf(ctx),
          { businessId: ctx.business.id, userId: ctx.user.id },
          input.messageId,
        ),
      ),
    get: useAssistant
      .input(ZAnswerSchema)
      .query(({ ctx, input }) =>
        getSpeech(speechDepsOf(ctx), { businessId: ctx.business.id, userId: ctx.user.id }, input.messageId),
      ),
  }),
  conversations: createTRPCRouter({
    list: useAssistant
      .input(
        z.object({
          limit: z.number().int().min(1).max(50).default(20),
          before: z.object({ at: z.date(), id: ZIdSchema }).nullish(),
        }),
      )
      .query(({ ctx, input }) =>
        listConversations(ctx.db, { businessId: ctx.business.id, userId: ctx.user.id }, input),
      ),
    get: useAssistant
      .input(ZConversationSchema)
      .query(({ ctx, input }) =>
        getConversation(ctx.db, { businessId: ctx.business.id, userId: ctx.user.id }, input.conversationId),
      ),
    delete: useAssistant
      .input(ZConversationSchema)
      .mutation(({ ctx, input }) =>
        deleteConversation(
          ctx.db,
          { businessId: ctx.business.id, userId: ctx.user.id },
          input.conversationId,
        ),
      ),
  }),
});
