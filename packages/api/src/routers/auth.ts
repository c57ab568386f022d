import {
  ZChangePasswordSchema,
  ZForgotPasswordSchema,
  ZPageSchema,
  ZResetPasswordSchema,
  ZRevokeSessionSchema,
  ZSignInSchema,
  ZSignUpSchema,
} from "@kavi/domain";
import { listActivity } from "../services/activity-feed";
import {
  changePassword,
  refreshSession,
  requestPasswordReset,
  resetPassword,
  revokeSession,
  signIn,
  signOut,
  signOutEverywhere,
  signUp,
} from "../services/auth";
import { listMyBusinesses } from "../services/businesses";
import { getProfile } from "../services/profile";
import { listActiveSessions } from "../services/sessions";
import { listInvitationsForEmail } from "../services/team";
import { createTRPCRouter, protectedProcedure, publicProcedure } from "../trpc";

export const authRouter = createTRPCRouter({
  signUp: publicProcedure.input(ZSignUpSchema).mutation(({ ctx, input }) => signUp(ctx, input)),
  signIn: publicProcedure.input(ZSignInSchema).mutation(({ ctx, input }) => signIn(ctx, input)),
  /** Exchanges the refresh cookie for a new access token (and a rotated cookie). */
  refresh: publicProcedure.meta({ rateLimit: "refresh" }).mutation(({ ctx }) => refreshSession(ctx)),
  signOut: publicProcedure.mutation(async ({ ctx }) => {
    await signOut(ctx, ctx.auth);
    return { ok: true as const };
  }),
  signOutEverywhere: protectedProcedure.mutation(async ({ ctx }) => ({
    sessionsEnded: await signOutEverywhere(ctx, ctx.user.id),
  })),
  /** Who am I, where do I belong, what is waiting for me: the app shell's first query. */
  me: protectedProcedure.query(async ({ ctx }) => {
    const [profile, businesses, invitations] = await Promise.all([
      getProfile(ctx.db, ctx.user.id),
      listMyBusinesses(ctx.db, ctx.user.id),
      listInvitationsForEmail(ctx.db, ctx.user.email, ctx.now()),
    ]);
    return { user: profile, businesses, pendingInvitations: invitations };
  }),
  sessions: protectedProcedure.query(async ({ ctx }) => {
    const sessions = await listActiveSessions(ctx.db, ctx.user.id, ctx.now());
    return sessions.map((session) => ({ ...session, current: session.id === ctx.sessionId }));
  }),
  /** The account's own security events (sign-ins, password changes, sessions ended), newest first. */
  activity: protectedProcedure
    .input(ZPageSchema)
    .query(({ ctx, input }) => listActivity(ctx.db, { accountUserId: ctx.user.id }, {}, input)),
  revokeSession: protectedProcedure.input(ZRevokeSessionSchema).mutation(async ({ ctx, input }) => {
    await revokeSession(ctx, ctx.user.id, input.sessionId);
    return { ok: true as const };
  }),
  changePassword: protectedProcedure.input(ZChangePasswordSchema).mutation(async ({ ctx, input }) => {
    await changePassword(ctx, { userId: ctx.user.id, sessionId: ctx.sessionId }, input);
    return { ok: true as const };
  }),
  forgotPassword: publicProcedure.input(ZForgotPasswordSchema).mutation(async ({ ctx, input }) => {
    await requestPasswordReset(ctx, input.email);
    return { ok: true as const };
  }),
  resetPassword: publicProcedure.input(ZResetPasswordSchema).mutation(async ({ ctx, input }) => {
    await resetPassword(ctx, input.token, input.password);
    return { ok: true as const };
  }),
});
