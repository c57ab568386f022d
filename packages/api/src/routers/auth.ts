import {
  ZChangePasswordSchema,
  ZConfirmSignUpSchema,
  ZForgotPasswordSchema,
  ZPageSchema,
  ZResetPasswordSchema,
  ZRevokeSessionSchema,
  ZSignInSchema,
  ZSignUpSchema,
  ZSignUpTicketSchema,
  ZVerifyEmailCodeSchema,
  ZVerifyEmailTokenSchema,
} from "@kavi/domain";
import { listActivity } from "../services/activity-feed";
import {
  changePassword,
  confirmSignUp,
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
import {
  resendEmailVerification,
  resendSignUpEmail,
  verifyEmailWithCode,
  verifyEmailWithLink,
} from "../services/email-verification";
import { getProfile } from "../services/profile";
import { idleSince, listActiveSessions } from "../services/sessions";
import { listInvitationsForEmail } from "../services/team";
import { createTRPCRouter, protectedProcedure, publicProcedure } from "../trpc";

export const authRouter = createTRPCRouter({
  /** Answers "check your email" whether or not the address has an account (or signs in, from an invitation). */
  signUp: publicProcedure.input(ZSignUpSchema).mutation(({ ctx, input }) => signUp(ctx, input)),
  /** The browser that signed up types the emailed code: verified and signed in. */
  confirmSignUp: publicProcedure
    .input(ZConfirmSignUpSchema)
    .mutation(({ ctx, input }) => confirmSignUp(ctx, input)),
  /** Another verification email for the browser that signed up (same answer for every ticket). */
  resendSignUpEmail: publicProcedure.input(ZSignUpTicketSchema).mutation(async ({ ctx, input }) => {
    await resendSignUpEmail(ctx, input.ticket);
    return { ok: true as const };
  }),
  /** The emailed verification link: proves the address; signs nobody in. */
  verifyEmail: publicProcedure
    .input(ZVerifyEmailTokenSchema)
    .mutation(({ ctx, input }) => verifyEmailWithLink(ctx, input.token)),
  /** A signed-in account types the code from its verification email. */
  verifyEmailCode: protectedProcedure
    .input(ZVerifyEmailCodeSchema)
    .mutation(({ ctx, input }) => verifyEmailWithCode(ctx, ctx.user.id, input.code)),
  resendVerification: protectedProcedure.mutation(({ ctx }) => resendEmailVerification(ctx, ctx.user.id)),
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
  sessions: protectedProcedure.query(async ({ ctx }) => {
    const sessions = await listActiveSessions(ctx.db, ctx.user.id, ctx.now(), idleSince(ctx));
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
