import { ZPageSchema } from "@kavi/domain";
import { listActivity } from "../../services/activity-feed";
import { listMyBusinesses } from "../../services/businesses";
import { getProfile } from "../../services/profile";
import { listInvitationsForEmail } from "../../services/team";
import { protectedProcedure } from "../../trpc";

export const authAccountProcedures = {
  /**
   * Who am I, where do I belong, what is waiting for me: the app shell's first query. Invitations show only
   * once the address is verified: until then, anyone could have typed it.
   */
  me: protectedProcedure.query(async ({ ctx }) => {
    const [profile, businesses, invitations] = await Promise.all([
      getProfile(ctx.db, ctx.user.id),
      listMyBusinesses(ctx.db, ctx.user.id),
      ctx.user.emailVerified ? listInvitationsForEmail(ctx.db, ctx.user.email, ctx.now()) : [],
    ]);
    return { user: profile, businesses, pendingInvitations: invitations };
  }),
  /** The account's own security events (sign-ins, password changes, sessions ended), newest first. */
  activity: protectedProcedure
    .input(ZPageSchema)
    .query(({ ctx, input }) => listActivity(ctx.db, { accountUserId: ctx.user.id }, {}, input)),
};
