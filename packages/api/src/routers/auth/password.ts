import { ZChangePasswordSchema, ZForgotPasswordSchema, ZResetPasswordSchema } from "@kavi/domain";
import { changePassword, requestPasswordReset, resetPassword } from "../../services/auth";
import { protectedProcedure, publicProcedure } from "../../trpc";

export const authPasswordProcedures = {
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
};
