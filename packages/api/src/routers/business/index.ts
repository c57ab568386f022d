import { ZCreateBusinessSchema, ZIdSchema, ZUpdateBusinessSchema } from "@kavi/domain";
import { z } from "zod";
import {
  createBusiness,
  getBusiness,
  leaveBusiness,
  listMyBusinesses,
  rememberActiveBusiness,
  transferOwnership,
  updateBusiness,
} from "../../services/businesses";
import { restoreBusiness, scheduleBusinessDeletion } from "../../services/data-rights/deletion";
import { getEmailAllowances } from "../../services/email-quota";
import { businessLogoUrl } from "../../services/files/logo";
import { businessProcedure, createTRPCRouter, protectedProcedure } from "../../trpc";
import { businessLogoRouter } from "./logo";

export const businessRouter = createTRPCRouter({
  list: protectedProcedure.query(({ ctx }) => listMyBusinesses(ctx.db, ctx.user.id)),
  create: protectedProcedure
    .input(ZCreateBusinessSchema)
    .mutation(({ ctx, input }) => createBusiness(ctx, input)),
  get: businessProcedure("business.read").query(async ({ ctx }) => {
    const business = await getBusiness(ctx.db, ctx.business.id);
    return {
      ...business,
      logoUrl: business.logoFileId ? await businessLogoUrl(ctx, business.id) : null,
      membership: ctx.membership,
    };
  }),
  logo: businessLogoRouter,
  update: businessProcedure("business.manage")
    .input(ZUpdateBusinessSchema)
    .mutation(({ ctx, input }) => {
      const { businessId: _scope, ...patch } = input;
      return updateBusiness(ctx, ctx.business.id, patch);
    }),
  /** Schedules the deletion: restorable for the grace period, then the daily job deletes it for good. */
  delete: businessProcedure("business.own")
    .input(z.object({ confirmation: z.string().max(300) }))
    .mutation(async ({ ctx, input }) => {
      const { deleteAfter } = await scheduleBusinessDeletion(ctx, ctx.business.id, input.confirmation);
      return { ok: true as const, deleteAfter };
    }),
  restore: businessProcedure("business.own").mutation(async ({ ctx }) => {
    await restoreBusiness(ctx, ctx.business.id);
    return { ok: true as const };
  }),
  transferOwnership: businessProcedure("business.own")
    .input(z.object({ membershipId: ZIdSchema, keepOwnerRole: z.boolean().default(false) }))
    .mutation(async ({ ctx, input }) => {
      await transferOwnership(
        ctx,
        ctx.business.id,
        ctx.membership.id,
        input.membershipId,
        input.keepOwnerRole,
      );
      return { ok: true as const };
    }),
  leave: businessProcedure("business.read").mutation(async ({ ctx }) => {
    await leaveBusiness(ctx, ctx.business.id, ctx.membership.id);
    return { ok: true as const };
  }),
  /** Today's emails to other people (invoices, reminders, invitations): used and left, per kind. */
  emailAllowance: businessProcedure("business.read").query(({ ctx }) =>
    getEmailAllowances(ctx.db, ctx.business.id, ctx.now(), ctx.config.emailQuotas),
  ),
  /** Remembers the business the user switched to, so the next sign-in opens it. */
  setActive: businessProcedure("business.read").mutation(async ({ ctx }) => {
    await rememberActiveBusiness(ctx.db, ctx.user.id, ctx.business.id);
    return { ok: true as const };
  }),
});
