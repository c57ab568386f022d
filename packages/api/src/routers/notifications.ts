import { ZIdSchema, ZPageSchema } from "@kavi/domain";
import { z } from "zod";
import { countUnread, listNotifications, markNotificationsRead } from "../services/notifications";
import { createTRPCRouter, protectedProcedure } from "../trpc";

export const notificationsRouter = createTRPCRouter({
  list: protectedProcedure
    .input(ZPageSchema.extend({ unreadOnly: z.boolean().optional() }))
    .query(({ ctx, input }) => listNotifications(ctx.db, ctx.user.id, input)),
  unreadCount: protectedProcedure.query(({ ctx }) => countUnread(ctx.db, ctx.user.id)),
  markRead: protectedProcedure
    .input(z.object({ ids: z.array(ZIdSchema).min(1).max(100) }))
    .mutation(async ({ ctx, input }) => ({
      updated: await markNotificationsRead(ctx.db, ctx.user.id, input.ids, ctx.now()),
    })),
  markAllRead: protectedProcedure.mutation(async ({ ctx }) => ({
    updated: await markNotificationsRead(ctx.db, ctx.user.id, "all", ctx.now()),
  })),
});
