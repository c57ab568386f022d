import { createTRPCRouter } from "../../trpc";
import { webhookDeliveriesRouter } from "./deliveries";
import { webhookEndpointsRouter } from "./endpoints";

/** Outgoing webhooks: endpoints (Settings → Webhooks) and their delivery log. */
export const webhooksRouter = createTRPCRouter({
  endpoints: webhookEndpointsRouter,
  deliveries: webhookDeliveriesRouter,
});
