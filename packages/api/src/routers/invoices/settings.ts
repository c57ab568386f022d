import { ZUpdateInvoiceSettingsSchema } from "@kavi/domain";
import { getInvoiceSettings, presentSettings, updateInvoiceSettings } from "../../services/invoices/settings";
import { businessProcedure, createTRPCRouter } from "../../trpc";

export const invoiceSettingsRouter = createTRPCRouter({
  get: businessProcedure("invoices.read").query(async ({ ctx }) =>
    presentSettings(await getInvoiceSettings(ctx.db, ctx.business.id)),
  ),
  update: businessProcedure("invoices.settings")
    .input(ZUpdateInvoiceSettingsSchema)
    .mutation(async ({ ctx, input }) => {
      const { businessId: _scope, ...patch } = input;
      return presentSettings(await updateInvoiceSettings(ctx, ctx.business.id, patch));
    }),
});
