import { createTRPCRouter } from "../../trpc";
import { assistantActionsRouter } from "./actions";
import { ask, askStream } from "./ask";
import { assistantConversationsRouter } from "./conversations";
import { assistantSpeechRouter } from "./speech";

export { ZAskAssistantSchema } from "./ask";

/** The assistant: questions (one answer, or streamed), the actions it proposes, answers read aloud, history. */
export const assistantRouter = createTRPCRouter({
  ask,
  askStream,
  actions: assistantActionsRouter,
  speech: assistantSpeechRouter,
  conversations: assistantConversationsRouter,
});
