import { ZVerifyEmailCodeSchema, ZVerifyEmailTokenSchema } from "@kavi/domain";
import {
  resendEmailVerification,
  verifyEmailWithCode,
  verifyEmailWithLink,
} from "../../services/email-verification";
import { protectedProcedure, publicProcedure } from "../../trpc";

export const authVerificationProcedures = {
  /** The emailed verification link: proves the address; signs nobody in. */
  verifyEmail: publicProcedure
    .input(ZVerifyEmailTokenSchema)
    .mutation(({ ctx, input }) => verifyEmailWithLink(ctx, input.token)),
  /** A signed-in account types the code from its verification email. */
  verifyEmailCode: protectedProcedure
    .input(ZVerifyEmailCodeSchema)
    .mutation(({ ctx, input }) => verifyEmailWithCode(ctx, ctx.user.id, input.code)),
  resendVerification: protectedProcedure.mutation(({ ctx }) => resendEmailVerification(ctx, ctx.user.id)),
};
