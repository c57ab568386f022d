import { ZCreateWebhookEndpointSchema, ZIdSchema, ZUpdateWebhookEndpointSchema } from "@kavi/domain";
import { z } from "zod";
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  listWebhookEndpoints,
  rotateWebhookSecret,
  sendTestWebhook,
  updateWebhookEndpoint,
} from "../../services/webhooks";
import { businessProcedure, createTRPCRouter } from "../../trpc";

const manageWebhooks = businessProcedure("webhooks.manage");
const endpointInput = z.object({ endpointId: ZIdSchema });

/** Settings → Webhooks: where the business's events go. */
export const webhookEndpointsRouter = createTRPCRouter({
  list: manageWebhooks.query(({ ctx }) => listWebhookEndpoints(ctx.db, ctx.business.id)),
  /** Returns the signing secret this once. */
  create: manageWebhooks
    .input(ZCreateWebhookEndpointSchema)
    .mutation(({ ctx, input }) => createWebhookEndpoint(ctx, ctx.business.id, input)),
  update: manageWebhooks
    .input(ZUpdateWebhookEndpointSchema)
    .mutation(({ ctx, input }) => updateWebhookEndpoint(ctx, ctx.business.id, input)),
  /** A new signing secret, returned this once; the old one stops at once. */
  rotateSecret: manageWebhooks
    .input(endpointInput)
    .mutation(({ ctx, input }) => rotateWebhookSecret(ctx, ctx.business.id, input.endpointId)),
  delete: manageWebhooks
    .input(endpointInput)
    .mutation(({ ctx, input }) => deleteWebhookEndpoint(ctx, ctx.business.id, input.endpointId)),
  sendTest: manageWebhooks
    .input(endpointInput)
    .mutation(({ ctx, input }) => sendTestWebhook(ctx, ctx.business.id, input.endpointId)),
});
