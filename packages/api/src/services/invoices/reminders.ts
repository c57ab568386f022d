import { businesses, customers, invoiceIsOpen, invoiceReminders, invoiceSettings, invoices } from "@kavi/db";
import { dateInZone, daysBetween, dueReminderOffset, isOpenInvoiceStatus } from "@kavi/domain";
import { and, eq, isNotNull, sql } from "drizzle-orm";
import { recordActivity } from "../activity";
import { isEmailQuotaRefusal } from "../email-quota";
import type { ServiceContext } from "../service-context";
import { inTransaction } from "../unit-of-work";
import { loadBusinessScope, systemActorFor } from "./members";
import { findCustomer } from "./queries";
import { queueInvoiceEmail } from "./send";

/**
 * The reminders due today across all businesses: open invoices whose customer has an email, in businesses
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
        isNotNull(customers.email),
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

export type ReminderOutcome = { status: "sent"; emailId: string } | { status: "skipped"; reason: string };

/**
 * Sends one reminder. The (invoice, offset) row is inserted first with ON CONFLICT DO NOTHING: a second
 * job for the same reminder finds it taken and sends nothing.
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
    if (!customer.email) return { status: "skipped", reason: "customer has no email" };
    const [claimed] = await tx
      .insert(invoiceReminders)
      .values({ businessId: invoice.businessId, invoiceId, offsetDays, sentAt: now })
      .onConflictDoNothing()
      .returning({ id: invoiceReminders.id });
    if (!claimed) return { status: "skipped", reason: "already sent" };
    const business = await loadBusinessScope(tx, invoice.businessId);
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
        // The wording follows the real distance to the due date (a caught-up reminder says how late it is).
        reminderOffsetDays: daysBetween(invoice.dueDate, dateInZone(now, business.timezone)),
      });
    } catch (error) {
      if (!isEmailQuotaRefusal(error)) throw error;
      // Not sent today: give the reminder back, so a later pass catches it up.
      await tx.delete(invoiceReminders).where(eq(invoiceReminders.id, claimed.id));
      return { status: "skipped", reason: error.message };
    }
    await tx.update(invoiceReminders).set({ emailId }).where(eq(invoiceReminders.id, claimed.id));
    await recordActivity(tx, systemActorFor(invoice.businessId), {
      action: "invoice.reminder_sent",
      entityType: "invoice",
      entityId: invoiceId,
      metadata: { offsetDays, to: customer.email, emailId, invoiceNumber: invoice.invoiceNumber },
    });
    return { status: "sent", emailId };
  });
}
