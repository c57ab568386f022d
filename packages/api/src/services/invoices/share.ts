import { balanceDueMinor, normalizePhone, PhoneFormatError, toLanguage } from "@kavi/domain";
import { countSmsParts, normalizeKenyanMobile } from "@kavi/sms";
import { recordActivity } from "../activity";
import type { ServiceContext } from "../service-context";
import { loadSmsSettings, queueSms, smsNotAvailable, smsUnavailableReason } from "../sms";
import { inTransaction } from "../unit-of-work";
import { type BusinessScope, businessDisplayName, publicInvoiceUrl } from "./context";
import { badField, refuse } from "./errors";
import { issueLockedDraft } from "./lifecycle";
import { findCustomer, findInvoice, type TInvoiceRow } from "./queries";
import { shortInvoiceMessage, whatsappShareUrl } from "./short-messages";

type Customer = Awaited<ReturnType<typeof findCustomer>>;

function messageFor(
  ctx: Pick<ServiceContext, "config">,
  business: BusinessScope,
  invoice: TInvoiceRow,
  customer: Customer,
  reminderOffsetDays?: number,
): string {
  if (!invoice.invoiceNumber) throw new Error("only issued invoices are shared");
  return shortInvoiceMessage({
    businessName: businessDisplayName(business),
    customerName: customer.name,
    invoiceNumber: invoice.invoiceNumber,
    currency: invoice.currency,
    balanceDueMinor: balanceDueMinor(invoice),
    dueDate: invoice.dueDate,
    publicUrl: publicInvoiceUrl(ctx.config.appUrl, invoice.publicToken),
    language: toLanguage(customer.language),
    ...(reminderOffsetDays === undefined ? {} : { reminderOffsetDays }),
  });
}

/** The number an invoice SMS goes to: the one typed, else the customer's; Kenyan mobiles only (Africa's Talking). */
function smsNumber(typed: string | null | undefined, customer: Customer): string {
  const raw = typed?.trim() || customer.phone;
  if (!raw) throw badField("to", `${customer.name} has no phone number. Enter one to send the invoice to.`);
  const number = normalizeKenyanMobile(raw);
  if (!number) throw badField("to", "Enter a Kenyan mobile number such as 0712 345 678");
  return number;
}

/**
 * Texts the invoice (amount due and the pay link, in the customer's language) through Africa's Talking, issuing
 * it first when it is a draft. The SMS goes through the outbox; its delivery shows on the invoice's activity.
 */
export async function sendInvoiceBySms(
  ctx: ServiceContext,
  business: BusinessScope,
  invoiceId: string,
  options: { to?: string | null } = {},
): Promise<{ invoice: TInvoiceRow; smsMessageId: string; to: string; parts: number; text: string }> {
  return inTransaction(ctx, async (tx, afterCommit) => {
    const locked = await findInvoice(tx, business.id, invoiceId, { lock: true });
    if (locked.status === "void") throw refuse("This invoice is void, so it cannot be sent.");
    const settings = await loadSmsSettings(tx, business.id);
    const unavailable = smsUnavailableReason(ctx.sms, settings);
    if (unavailable) throw smsNotAvailable(unavailable);
    const customer = await findCustomer(tx, business.id, locked.customerId);
    const to = smsNumber(options.to, customer);
    const invoice = await issueLockedDraft(tx, ctx.actor, business, locked, ctx.now(), "send");
    const text = messageFor(ctx, business, invoice, customer);
    const smsMessageId = await queueSms(tx, afterCommit, {
      businessId: business.id,
      invoiceId: invoice.id,
      purpose: "invoice",
      to,
      body: text,
      senderId: settings.senderId,
      createdByUserId: ctx.actor.userId,
    });
    await recordActivity(tx, ctx.actor, {
      action: "invoice.sms_sent",
      entityType: "invoice",
      entityId: invoice.id,
      metadata: { to, smsMessageId, invoiceNumber: invoice.invoiceNumber },
    });
    return { invoice, smsMessageId, to, parts: countSmsParts(text).parts, text };
  });
}

/**
 * A wa.me link with the invoice message typed in, for the owner to send from their own WhatsApp (no API). The
 * invoice is issued first when it is a draft, and the share is recorded on its activity.
 */
export async function shareInvoiceOnWhatsapp(
  ctx: ServiceContext,
  business: BusinessScope,
  invoiceId: string,
): Promise<{ url: string; text: string }> {
  return inTransaction(ctx, async (tx) => {
    const locked = await findInvoice(tx, business.id, invoiceId, { lock: true });
    if (locked.status === "void") throw refuse("This invoice is void, so it cannot be shared.");
    const customer = await findCustomer(tx, business.id, locked.customerId);
    const invoice = await issueLockedDraft(tx, ctx.actor, business, locked, ctx.now(), "send");
    const text = messageFor(ctx, business, invoice, customer);
    await recordActivity(tx, ctx.actor, {
      action: "invoice.whatsapp_shared",
      entityType: "invoice",
      entityId: invoice.id,
      metadata: { invoiceNumber: invoice.invoiceNumber },
    });
    return { url: whatsappShareUrl(text, whatsappNumber(customer.phone)), text };
  });
}

/** WhatsApp takes any international number; a phone we cannot read leaves the recipient to choose. */
export function whatsappNumber(phone: string | null): string | null {
  if (!phone) return null;
  try {
    return normalizePhone(phone);
  } catch (error) {
    if (error instanceof PhoneFormatError) return null;
    throw error;
  }
}

export { messageFor as shortMessageForInvoice };
