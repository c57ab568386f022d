import { ZIdSchema } from "@kavi/domain";
import { z } from "zod";
import {
  deleteConversation,
  getConversation,
  listConversations,
} from "../../services/assistant/conversations";
import { createTRPCRouter } from "../../trpc";
import { ownerOf, useAssistant } from "./shared";

const ZConversationSchema = z.object({ conversationId: ZIdSchema });

/** The asker's own conversations, newest first. */
export const assistantConversationsRouter = createTRPCRouter({
  list: useAssistant
    .input(
      z.object({
        limit: z.number().int().min(1).max(50).default(20),
        before: z.object({ at: z.date(), id: ZIdSchema }).nullish(),
      }),
    )
    .query(({ ctx, input }) => listConversations(ctx.db, ownerOf(ctx), input)),
  get: useAssistant
    .input(ZConversationSchema)
    .query(({ ctx, input }) => getConversation(ctx.db, ownerOf(ctx), input.conversationId)),
  delete: useAssistant
    .input(ZConversationSchema)
    .mutation(({ ctx, input }) => deleteConversation(ctx.db, ownerOf(ctx), input.conversationId)),
});
