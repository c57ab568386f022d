import { ZIdSchema } from "@kavi/domain";
import { LANGUAGES } from "@kavi/insights/assistant";
import { z } from "zod";
import { type AskStreamEvent, askAssistant } from "../../services/assistant/ask";
import { findConversation } from "../../services/assistant/conversations";
import { ownerOf, useAssistant } from "./shared";

export const ZAskAssistantSchema = z.object({
  message: z
    .string({ error: "Type a question" })
    .trim()
    .min(1, { error: "Type a question" })
    .max(500, { error: "Ask in at most 500 characters" }),
  conversationId: ZIdSchema.nullish(),
  language: z.enum(LANGUAGES, { error: "Choose English or Kiswahili" }).nullish(),
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

/** One question → one answer with its cards, suggestions and the tool calls behind every figure. */
export const ask = useAssistant
  .meta({ rateLimit: "assistant" })
  .input(ZAskAssistantSchema)
  .mutation(({ ctx, input }) =>
    askAssistant(ctx, { business: ctx.business, membership: ctx.membership, userId: ctx.user.id }, input),
  );

/**
 * The same question, streamed: the reply's text as it is written (Gemini, through the grounding guard), a
 * "restart" when it is being replaced, then the whole answer (exactly what `ask` returns). Served to the SPA
 * as server-sent events by POST /api/kavi/chat/stream.
 */
export const askStream = useAssistant
  .meta({ rateLimit: "assistant" })
  .input(ZAskAssistantSchema)
  .subscription(async ({ ctx, input, signal }) => {
    // Refusals come before the stream starts (another person's conversation is NOT_FOUND, as in `ask`).
    if (input.conversationId) await findConversation(ctx.db, ownerOf(ctx), input.conversationId);
    return streamAnswer(
      (emit) =>
        askAssistant(
          ctx,
          { business: ctx.business, membership: ctx.membership, userId: ctx.user.id },
          input,
          emit,
        ),
      signal,
    );
  });
