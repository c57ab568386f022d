import { ZRevokeSessionSchema, ZSignInSchema } from "@kavi/domain";
import { refreshSession, revokeSession, signIn, signOut, signOutEverywhere } from "../../services/auth";
import { idleSince, listActiveSessions } from "../../services/sessions";
import { protectedProcedure, publicProcedure } from "../../trpc";

export const authSessionsProcedures = {
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
  sessions: protectedProcedure.query(async ({ ctx }) => {
    const sessions = await listActiveSessions(ctx.db, ctx.user.id, ctx.now(), idleSince(ctx));
    return sessions.map((session) => ({ ...session, current: session.id === ctx.sessionId }));
  }),
  revokeSession: protectedProcedure.input(ZRevokeSessionSchema).mutation(async ({ ctx, input }) => {
    await revokeSession(ctx, ctx.user.id, input.sessionId);
    return { ok: true as const };
  }),
};
