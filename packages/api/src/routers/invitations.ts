import { ZInvitationRefSchema, ZInvitationTokenSchema } from "@kavi/domain";
import { accountActor } from "../services/activity";
import {
  acceptInvitation,
  declineInvitation,
  listInvitationsForEmail,
  previewInvitation,
} from "../services/team";
import { inTransaction } from "../services/unit-of-work";
import { createTRPCRouter, protectedProcedure, publicProcedure, verifiedProcedure } from "../trpc";

/**
 * The invitee's side: not business-scoped, because the invitee is not a member yet. By the emailed token,
 * holding the link proves the address; by id, only a verified address does (anyone can sign up with any
 * address, so an unverified account with the invited address proves nothing).
 */
export const invitationsRouter = createTRPCRouter({
  preview: publicProcedure
    .input(ZInvitationTokenSchema)
    .query(({ ctx, input }) => previewInvitation(ctx.db, input.token, ctx.now())),
  accept: protectedProcedure
    .input(ZInvitationTokenSchema)
    .mutation(({ ctx, input }) =>
      inTransaction(ctx, (tx, afterCommit) =>
        acceptInvitation(tx, ctx, { token: input.token }, ctx.user, afterCommit),
      ),
    ),
  acceptById: verifiedProcedure
    .input(ZInvitationRefSchema)
    .mutation(({ ctx, input }) =>
      inTransaction(ctx, (tx, afterCommit) =>
        acceptInvitation(tx, ctx, { invitationId: input.invitationId }, ctx.user, afterCommit),
      ),
    ),
  decline: publicProcedure.input(ZInvitationTokenSchema).mutation(async ({ ctx, input }) => {
    await declineInvitation(
      { ...ctx, actor: accountActor(ctx.request, ctx.auth?.userId ?? null) },
      { token: input.token },
      null,
    );
    return { ok: true as const };
  }),
  declineById: verifiedProcedure.input(ZInvitationRefSchema).mutation(async ({ ctx, input }) => {
    await declineInvitation(ctx, { invitationId: input.invitationId }, ctx.user);
    return { ok: true as const };
  }),
  mine: verifiedProcedure.query(({ ctx }) => listInvitationsForEmail(ctx.db, ctx.user.email, ctx.now())),
});
