import { ZIdSchema, ZPageSchema } from "@kavi/domain";
import { z } from "zod";
import { listActivity, listActivityEntityTypes } from "../services/activity-feed";
import { businessProcedure, createTRPCRouter } from "../trpc";

const readActivity = businessProcedure("activity.read");

export const activityRouter = createTRPCRouter({
  list: readActivity
    .input(
      ZPageSchema.extend({
        actorUserId: ZIdSchema.nullish(),
        entityType: z.string().trim().max(50).nullish(),
        actionPrefix: z.string().trim().max(100).nullish(),
        from: z.date().nullish(),
        to: z.date().nullish(),
      }),
    )
    .query(({ ctx, input }) => listActivity(ctx.db, { businessId: ctx.business.id }, input, input)),
  entityTypes: readActivity.query(({ ctx }) => listActivityEntityTypes(ctx.db, ctx.business.id)),
});
