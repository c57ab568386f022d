import { ZIdSchema } from "@kavi/domain";
import { z } from "zod";
import { cancelProposal, confirmProposal } from "../../services/assistant/actions";
import { createTRPCRouter } from "../../trpc";
import { useAssistant } from "./shared";

const ZProposalSchema = z.object({ proposalId: ZIdSchema });

/**
 * Proposed actions: the assistant only proposes ("Record 2,500 for fuel?"); this does it, once. Asking needs
 * the assistant; doing needs the action's own permission too (checked in the service, as the screen's).
 */
export const assistantActionsRouter = createTRPCRouter({
  confirm: useAssistant
    .input(ZProposalSchema)
    .mutation(({ ctx, input }) => confirmProposal(ctx, input.proposalId)),
  cancel: useAssistant
    .input(ZProposalSchema)
    .mutation(({ ctx, input }) => cancelProposal(ctx, input.proposalId)),
});
