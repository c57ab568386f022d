import {
  ZInvitationRefSchema,
  ZInviteMemberSchema,
  ZMembershipRefSchema,
  ZUpdateMemberSchema,
} from "@kavi/domain";
import {
  inviteMember,
  listInvitations,
  listMembers,
  removeMember,
  resendInvitation,
  revokeInvitation,
  updateMember,
} from "../services/team";
import { businessProcedure, createTRPCRouter } from "../trpc";

const readTeam = businessProcedure("team.read");
const manageTeam = businessProcedure("team.manage");
/** Emails an invitee: a verified address, and the business's daily allowance of invitations. */
const inviteToTeam = businessProcedure("team.invite");

export const teamRouter = createTRPCRouter({
  members: readTeam.query(({ ctx }) => listMembers(ctx.db, ctx.business.id)),
  updateMember: manageTeam.input(ZUpdateMemberSchema).mutation(async ({ ctx, input }) => {
    await updateMember(ctx, ctx.membership.role, input);
    return { ok: true as const };
  }),
  removeMember: manageTeam.input(ZMembershipRefSchema).mutation(async ({ ctx, input }) => {
    await removeMember(ctx, ctx.membership.role, input.membershipId);
    return { ok: true as const };
  }),
  invitations: manageTeam.query(({ ctx }) => listInvitations(ctx.db, ctx.business.id)),
  invite: inviteToTeam
    .input(ZInviteMemberSchema)
    .mutation(({ ctx, input }) => inviteMember(ctx, ctx.membership.role, input)),
  resendInvitation: inviteToTeam.input(ZInvitationRefSchema).mutation(async ({ ctx, input }) => {
    await resendInvitation(ctx, ctx.membership.role, input.invitationId);
    return { ok: true as const };
  }),
  revokeInvitation: manageTeam.input(ZInvitationRefSchema).mutation(async ({ ctx, input }) => {
    await revokeInvitation(ctx, ctx.membership.role, input.invitationId);
    return { ok: true as const };
  }),
});
