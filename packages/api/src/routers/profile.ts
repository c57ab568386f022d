import { ZUpdateProfileSchema } from "@kavi/domain";
import { getProfile, updateProfile } from "../services/profile";
import { createTRPCRouter, protectedProcedure } from "../trpc";

export const profileRouter = createTRPCRouter({
  get: protectedProcedure.query(({ ctx }) => getProfile(ctx.db, ctx.user.id)),
  update: protectedProcedure
    .input(ZUpdateProfileSchema)
    .mutation(({ ctx, input }) => updateProfile(ctx, ctx.user.id, input)),
});
