import { businesses, customers, invoiceIsOpen, invoiceReminders, invoiceSettings, invoices } from "@kavi/db";
import { dateInZone, daysBetween, dueReminderOffset, isOpenInvoiceStatus } from "@kavi/domain";
import { normalizeKenyanMobile } from "@kavi/sms";
import { and, eq, inArray, isNotNull, or, sql } from "drizzle-orm";
import { recordActivity } from "../activity";
import { isEmailQuotaRefusal } from "../email-quota";
import { notify } from "../notifications";
import type { ServiceContext } from "../service-context";
import { loadSmsSettings, queueSms, smsUnavailableReason } from "../sms";
import { inTransaction } from "../unit-of-work";
import { invoiceManagerIds, loadBusinessScope, systemActorFor } from "./members";
import { findCustomer } from "./queries";
import { queueInvoiceEmail } from "./send";
import { shortMessageForInvoice, whatsappNumber } from "./share";
import { whatsappShareUrl } from "./short-messages";

/**
 * The reminders due today across all businesses: open invoices whose customer can be reached on their
 * reminder channel (email, SMS, WhatsApp via the owner), in businesses
 * with reminders on, and the offset (days from the due date) each is due for. One job per reminder.
 */
export async function findDueReminders(
  db: ServiceContext["db"],
  now: Date,
): Promise<{ invoiceId: string; offsetDays: number }[]> {
  const rows = await db
    .select({
      invoiceId: invoices.id,
      dueDate: invoices.dueDate,
      sentAt: invoices.sentAt,
      timezone: businesses.timezone,
      offsets: invoiceSettings.reminderOffsetsDays,
      sentOffsets: sql<number[] | null>`(
        select array_agg(${invoiceReminders.offsetDays}) from ${invoiceReminders}
        where ${invoiceReminders.invoiceId} = ${invoices.id}
      )`,
    })
    .from(invoices)
    .innerJoin(businesses, eq(businesses.id, invoices.businessId))
    .innerJoin(invoiceSettings, eq(invoiceSettings.businessId, invoices.businessId))
    .innerJoin(customers, eq(customers.id, invoices.customerId))
    .where(
      and(
        invoiceIsOpen(),
        eq(invoiceSettings.remindersEnabled, true),
        // Each customer's channel needs its address: email, or a phone for SMS and WhatsApp.
        or(
          and(eq(customers.reminderChannel, "email"), isNotNull(customers.email)),
          and(inArray(customers.reminderChannel, ["sms", "whatsapp"]), isNotNull(customers.phone)),
        ),
        // A cheap window first (offsets are limited to −60…+120 days); the exact rule runs below.
        sql`${invoices.dueDate} between (${now.toISOString()}::timestamptz)::date - 121 and (${now.toISOString()}::timestamptz)::date + 61`,
      ),
    );
  const due: { invoiceId: string; offsetDays: number }[] = [];
  for (const row of rows) {
    const offset = dueReminderOffset({
      dueDate: row.dueDate,
      issuedOn: row.sentAt ? dateInZone(row.sentAt, row.timezone) : row.dueDate,
      today: dateInZone(now, row.timezone),
      offsets: row.offsets,
      sentOffsets: row.sentOffsets ?? [],
    });
    if (offset !== null) due.push({ invoiceId: row.invoiceId, offsetDays: offset });
  }
  return due;
}

export type ReminderOutcome =
  | { status: "sent"; channel: "email"; emailId: string }
  | { status: "sent"; channel: "sms"; smsMessageId: string }
  | { status: "sent"; channel: "whatsapp" }
  | { status: "skipped"; reason: string };

/**
 * Sends one reminder by the customer's channel: email, SMS (Africa's Talking), or WhatsApp, which has no API
 * here, so the invoice's managers are told to send the prepared wa.me message themselves. The (invoice, offset)
 * row is inserted first with ON CONFLICT DO NOTHING: a second job for the same reminder finds it taken and
 * sends nothing, whatever the channel.
 */
export async function sendInvoiceReminder(
  services: ServiceContext,
  invoiceId: string,
  offsetDays: number,
): Promise<ReminderOutcome> {
  const now = services.now();
  return inTransaction(services, async (tx, afterCommit) => {
    const [invoice] = await tx.select().from(invoices).where(eq(invoices.id, invoiceId)).for("update");
    if (!invoice) return { status: "skipped", reason: "invoice not found" };
    if (!isOpenInvoiceStatus(invoice.status))
      return { status: "skipped", reason: `invoice is ${invoice.status}` };
    const [settings] = await tx
      .select()
      .from(invoiceSettings)
      .where(eq(invoiceSettings.businessId, invoice.businessId));
    if (!settings?.remindersEnabled) return { status: "skipped", reason: "reminders are off" };
    const customer = await findCustomer(tx, invoice.businessId, invoice.customerId);
    const channel = customer.reminderChannel;
    if (channel === "email" && !customer.email) return { status: "skipped", reason: "customer has no email" };
    if (channel !== "email" && !customer.phone) return { status: "skipped", reason: "customer has no phone" };
    const smsSettings = channel === "sms" ? await loadSmsSettings(tx, invoice.businessId) : null;
    if (smsSettings) {
      const unavailable = smsUnavailableReason(services.sms, smsSettings);
      if (unavailable) return { status: "skipped", reason: unavailable };
    }
    const [claimed] = await tx
      .insert(invoiceReminders)
      .values({ businessId: invoice.businessId, invoiceId, offsetDays, channel, sentAt: now })
      .onConflictDoNothing()
      .returning({ id: invoiceReminders.id });
    if (!claimed) return { status: "skipped", reason: "already sent" };
    const business = await loadBusinessScope(tx, invoice.businessId);
    // The wording follows the real distance to the due date (a caught-up reminder says how late it is).
    const daysFromDue = daysBetween(invoice.dueDate, dateInZone(now, business.timezone));
    const activity = (metadata: Record<string, unknown>) =>
      recordActivity(tx, systemActorFor(invoice.businessId), {
        action: "invoice.reminder_sent",
        entityType: "invoice",
        entityId: invoiceId,
        metadata: { offsetDays, channel, invoiceNumber: invoice.invoiceNumber, ...metadata },
      });

    if (channel === "sms" && smsSettings) {
      const to = normalizeKenyanMobile(customer.phone ?? "");
      if (!to) {
        await tx.delete(invoiceReminders).where(eq(invoiceReminders.id, claimed.id));
        return { status: "skipped", reason: "customer's phone is not a Kenyan mobile" };
      }
      const smsMessageId = await queueSms(tx, afterCommit, {
        businessId: invoice.businessId,
        invoiceId,
        purpose: "reminder",
        to,
        body: shortMessageForInvoice(services, business, invoice, customer, daysFromDue),
        senderId: smsSettings.senderId,
      });
      await tx.update(invoiceReminders).set({ smsMessageId }).where(eq(invoiceReminders.id, claimed.id));
      await tx.update(invoices).set({ lastReminderAt: now }).where(eq(invoices.id, invoiceId));
      await activity({ to, smsMessageId });
      return { status: "sent", channel: "sms", smsMessageId };
    }

    if (channel === "whatsapp") {
      const text = shortMessageForInvoice(services, business, invoice, customer, daysFromDue);
      const url = whatsappShareUrl(text, whatsappNumber(customer.phone));
      await notify(tx, {
        userIds: await invoiceManagerIds(tx, invoice.businessId),
        businessId: invoice.businessId,
        kind: "invoice.whatsapp_reminder",
        title: `Send ${customer.name} a WhatsApp reminder for ${invoice.invoiceNumber}`,
        body: "They prefer WhatsApp. Open the link to send the prepared message from your phone.",
        link: `/b/${invoice.businessId}/invoices/${invoiceId}`,
        data: { invoiceId, whatsappUrl: url },
      });
      await tx.update(invoices).set({ lastReminderAt: now }).where(eq(invoices.id, invoiceId));
      await activity({ via: "owner" });
      return { status: "sent", channel: "whatsapp" };
    }

    if (!customer.email) throw new Error("unreachable: email checked above");
    let emailId: string;
    try {
      emailId = await queueInvoiceEmail(tx, afterCommit, {
        business,
        invoice,
        customerName: customer.name,
        customerLanguage: customer.language,
        to: customer.email,
        appUrl: services.config.appUrl,
        now,
        quotas: services.config.emailQuotas,
        reminderOffsetDays: daysFromDue,
      });
    } catch (error) {
      if (!isEmailQuotaRefusal(error)) throw error;
      // Not sent today: give the reminder back, so a later pass catches it up.
      await tx.delete(invoiceReminders).where(eq(invoiceReminders.id, claimed.id));
      return { status: "skipped", reason: error.message };
    }
    await tx.update(invoiceReminders).set({ emailId }).where(eq(invoiceReminders.id, claimed.id));
    await activity({ to: customer.email, emailId });
    return { status: "sent", channel: "email", emailId };
  });
}
