import { ZConfirmSignUpSchema, ZSignUpSchema, ZSignUpTicketSchema } from "@kavi/domain";
import { confirmSignUp, signUp } from "../../services/auth";
import { resendSignUpEmail } from "../../services/email-verification";
import { publicProcedure } from "../../trpc";

export const authSignUpProcedures = {
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
};
