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

export const mpesaSettingsRouter = createTRPCRouter({
  get: manageSettings.query(({ ctx }) => getMpesaSettingsView(ctx.db, ctx.config.mpesa, ctx.business.id)),
  save: manageSettings
    .input(ZMpesaSettingsSchema)
    .mutation(({ ctx, input }) => saveMpesaSettings(ctx, ctx.business.id, input)),
  testConnection: manageSettings.mutation(({ ctx }) => testMpesaConnection(ctx, ctx.business.id)),
  registerC2bUrls: manageSettings.mutation(({ ctx }) => registerC2bUrls(ctx, ctx.business.id)),
  regenerateCallbackToken: manageSettings.mutation(({ ctx }) =>
    regenerateCallbackToken(ctx, ctx.business.id),
  ),
});
