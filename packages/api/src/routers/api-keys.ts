import { ZApiKeyRefSchema, ZCreateApiKeySchema, ZListApiKeyRequestsSchema } from "@kavi/domain";
import { listApiKeyRequests } from "../services/api-key-requests";
import { createApiKey, listApiKeys, revokeApiKey, rollApiKey } from "../services/api-keys";
import { businessProcedure, createTRPCRouter } from "../trpc";

const manageKeys = businessProcedure("apiKeys.manage");

/** Settings → API: the business's keys for the REST API. A secret is returned once, by create and roll. */
export const apiKeysRouter = createTRPCRouter({
  list: manageKeys.query(({ ctx }) => listApiKeys(ctx.db, ctx.business.id)),
  /** The key's recent calls (method, path, status, address, time), newest first. */
  requests: manageKeys
    .input(ZListApiKeyRequestsSchema)
    .query(({ ctx, input }) => listApiKeyRequests(ctx.db, ctx.business.id, input)),
  create: manageKeys
    .input(ZCreateApiKeySchema)
    .mutation(({ ctx, input }) => createApiKey(ctx, ctx.business.id, input)),
  roll: manageKeys
    .input(ZApiKeyRefSchema)
    .mutation(({ ctx, input }) => rollApiKey(ctx, ctx.business.id, input.apiKeyId)),
  revoke: manageKeys
    .input(ZApiKeyRefSchema)
    .mutation(({ ctx, input }) => revokeApiKey(ctx, ctx.business.id, input.apiKeyId)),
});
