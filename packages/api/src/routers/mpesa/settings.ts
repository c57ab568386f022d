import { ZMpesaSettingsSchema } from "@kavi/domain";
import {
  getMpesaSettingsView,
  regenerateCallbackToken,
  registerC2bUrls,
  saveMpesaSettings,
  testMpesaConnection,
} from "../../services/mpesa";
import { businessProcedure, createTRPCRouter } from "../../trpc";

const manageSettings = businessProcedure("mpesa.settings");
const ownSettings = businessProcedure("mpesa.callbackToken");

export const mpesaSettingsRouter = createTRPCRouter({
  get: manageSettings.query(({ ctx }) =>
    getMpesaSettingsView(ctx.db, ctx.config.mpesa, ctx.business.id, ctx.membership.role),
  ),
  save: manageSettings
    .input(ZMpesaSettingsSchema)
    .mutation(({ ctx, input }) => saveMpesaSettings(ctx, ctx.business.id, input, ctx.membership.role)),
  testConnection: manageSettings.mutation(({ ctx }) => testMpesaConnection(ctx, ctx.business.id)),
  registerC2bUrls: manageSettings.mutation(({ ctx }) => registerC2bUrls(ctx, ctx.business.id)),
  regenerateCallbackToken: ownSettings.mutation(({ ctx }) => regenerateCallbackToken(ctx, ctx.business.id)),
});
