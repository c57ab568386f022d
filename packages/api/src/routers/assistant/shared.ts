import { businessProcedure } from "../../trpc";

/** The assistant's own module: staff need "assistant"; each tool then checks the module its figures need. */
export const useAssistant = businessProcedure("assistant.use");

/** The asker's own conversations and answers: another person's, or another business's, are NOT_FOUND. */
export function ownerOf(ctx: { business: { id: string }; user: { id: string } }) {
  return { businessId: ctx.business.id, userId: ctx.user.id };
}
