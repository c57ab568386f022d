import { ZIdSchema } from "@kavi/domain";
import { z } from "zod";
import { getWebhookDelivery, listWebhookDeliveries, resendWebhookDelivery } from "../../services/webhooks";
import { businessProcedure, createTRPCRouter } from "../../trpc";

const manageWebhooks = businessProcedure("webhooks.manage");

/** The delivery log of an endpoint, and "Resend". */
export const webhookDeliveriesRouter = createTRPCRouter({
  list: manageWebhooks
    .input(
      z.object({
        endpointId: ZIdSchema,
        cursor: z.string().max(200).nullish(),
        limit: z.number().int().min(1).max(100).default(25),
      }),
    )
    .query(({ ctx, input }) => listWebhookDeliveries(ctx.db, ctx.business.id, input)),
  get: manageWebhooks
    .input(z.object({ deliveryId: ZIdSchema }))
    .query(({ ctx, input }) => getWebhookDelivery(ctx.db, ctx.business.id, input.deliveryId)),
  resend: manageWebhooks
    .input(z.object({ deliveryId: ZIdSchema }))
    .mutation(({ ctx, input }) => resendWebhookDelivery(ctx, ctx.business.id, input.deliveryId)),
});
