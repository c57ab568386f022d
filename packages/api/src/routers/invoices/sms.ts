import { ZInvoiceRefSchema, ZSendInvoiceSmsSchema, ZUpdateSmsSettingsSchema } from "@kavi/domain";
import { recordActivity } from "../../services/activity";
import { sendInvoiceBySms, shareInvoiceOnWhatsapp } from "../../services/invoices/share";
import { loadSmsSettings, saveSmsSettings, smsSpend, smsUnavailableReason } from "../../services/sms";
import { inTransaction } from "../../services/unit-of-work";
import { businessProcedure, createTRPCRouter } from "../../trpc";

/** Text the invoice with its pay link through Africa's Talking (issuing a draft first). */
export const sendInvoiceSmsProcedure = businessProcedure("invoices.send")
  .input(ZSendInvoiceSmsSchema)
  .mutation(async ({ ctx, input }) => {
    const sent = await sendInvoiceBySms(ctx, ctx.business, input.invoiceId, { to: input.to ?? null });
    return { invoiceId: sent.invoice.id, smsMessageId: sent.smsMessageId, to: sent.to, parts: sent.parts };
  });

/** A wa.me link with the invoice message typed in, for the owner's own WhatsApp; recorded on the invoice. */
export const shareInvoiceWhatsappProcedure = businessProcedure("invoices.send")
  .input(ZInvoiceRefSchema)
  .mutation(({ ctx, input }) => shareInvoiceOnWhatsapp(ctx, ctx.business, input.invoiceId));

export const smsSettingsRouter = createTRPCRouter({
  /** The settings, whether SMS can go at all (and why not), and what was spent (this month and in all). */
  get: businessProcedure("invoices.read").query(async ({ ctx }) => {
    const settings = await loadSmsSettings(ctx.db, ctx.business.id);
    return {
      ...settings,
      available: Boolean(ctx.sms),
      unavailableReason: smsUnavailableReason(ctx.sms, settings),
      spend: (await smsSpend(ctx.db, ctx.business.id, null)).map((row) => ({
        ...row,
        costMinor: row.costMinor.toString(),
      })),
    };
  }),
  update: businessProcedure("invoices.settings")
    .input(ZUpdateSmsSettingsSchema)
    .mutation(({ ctx, input }) =>
      inTransaction(ctx, async (tx) => {
        const before = await loadSmsSettings(tx, ctx.business.id);
        const saved = await saveSmsSettings(tx, ctx.business.id, {
          enabled: input.enabled,
          senderId: input.senderId,
        });
        await recordActivity(tx, ctx.actor, {
          action: "sms_settings.updated",
          entityType: "business",
          entityId: ctx.business.id,
          changes: {
            enabled: { before: before.enabled, after: saved.enabled },
            senderId: { before: before.senderId, after: saved.senderId },
          },
        });
        return saved;
      }),
    ),
});
