import { ZIdSchema } from "@kavi/domain";
import { z } from "zod";
import { getSpeech, requestSpeech } from "../../services/assistant/speech";
import { createTRPCRouter } from "../../trpc";
import { ownerOf, useAssistant } from "./shared";

const ZAnswerSchema = z.object({ messageId: ZIdSchema });

/**
 * An answer read aloud by ElevenLabs (a worker job; cached), or `unavailable` when no key is set so the
 * browser's own voice reads `text`. `request` starts it; `get` returns the audio once it is ready.
 */
export const assistantSpeechRouter = createTRPCRouter({
  request: useAssistant
    .input(ZAnswerSchema)
    .mutation(({ ctx, input }) => requestSpeech(ctx, { ...ownerOf(ctx), messageId: input.messageId })),
  get: useAssistant
    .input(ZAnswerSchema)
    .query(({ ctx, input }) => getSpeech(ctx, { ...ownerOf(ctx), messageId: input.messageId })),
});
