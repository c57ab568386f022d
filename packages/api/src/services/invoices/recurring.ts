import { businesses, type DbOrTx, invoices, recurringInvoices } from "@kavi/db";
import {
  addDays,
  nextOccurrenceAfter,
  RECURRENCE_LABELS,
  type RecurrenceFrequency,
  type ZCreateRecurringInvoiceSchema,
  type ZUpdateRecurringInvoiceSchema,
} from "@kavi/domain";
import { and, desc, eq, isNull, lte, or, sql } from "drizzle-orm";
import type { z } from "zod";
import { AppError } from "../../errors";
import { diffChanges, recordActivity } from "../activity";
import { getEmailAllowances } from "../email-quota";
import { notify } from "../notifications";
import type { ServiceContext } from "../service-context";
import { inTransaction } from "../unit-of-work";
import { type BusinessScope, todayIn } from "./context";
import { copyLines, insertDraft } from "./drafts";
import { badField, refuse } from "./errors";
import { issueLockedDraft } from "./lifecycle";
import { invoiceManagerIds, loadBusinessScope, systemActorFor } from "./members";
import { findCustomer, findInvoice } from "./queries";
import { queueInvoiceEmail } from "./send";

export type TRecurringInvoiceRow = typeof recurringInvoices.$inferSelect;

async function findRecurring(db: DbOrTx, businessId: string, recurringInvoiceId: string, lock = false) {
  const query = db
    .select()
    .from(recurringInvoices)
    .where(and(eq(recurringInvoices.id, recurringInvoiceId), eq(recurringInvoices.businessId, businessId)))
    .limit(1);
  const [row] = lock ? await query.for("update") : await query;
  if (!row) throw new AppError("NOT_FOUND", "Recurring invoice not found");
  return row;
}

export async function listRecurringInvoices(db: DbOrTx, businessId: string) {
  return db
    .select({
      schedule: recurringInvoices,
      templateNumber: invoices.invoiceNumber,
      templateTotalMinor: invoices.totalMinor,
      templateCurrency: invoices.currency,
      customerName: sql<string>`(select name from customers where customers.id = ${recurringInvoices.customerId})`,
    })
    .from(recurringInvoices)
    .leftJoin(invoices, eq(invoices.id, recurringInvoices.templateInvoiceId))
    .where(eq(recurringInvoices.businessId, businessId))
    .orderBy(desc(recurringInvoices.active), recurringInvoices.nextRunDate);
}

/** Makes an invoice the template of a schedule: each run copies its customer, lines, notes and terms. */
export async function createRecurringInvoice(
  ctx: ServiceContext,
  business: BusinessScope,
  input: z.output<typeof ZCreateRecurringInvoiceSchema>,
): Promise<TRecurringInvoiceRow> {
  const today = todayIn(business, ctx.now());
  if (input.endDate && input.endDate < input.startDate) {
    throw badField("endDate", "The end date cannot be before the start date");
  }
  return inTransaction(ctx, async (tx) => {
    const template = await findInvoice(tx, business.id, input.invoiceId);
    if (template.status === "void") throw refuse("A void invoice cannot be the template of a schedule.");
    // The first run on or after today, on the schedule's own rhythm.
    const nextRunDate = nextOccurrenceAfter(input.startDate, input.frequency, addDays(today, -1));
    const [row] = await tx
      .insert(recurringInvoices)
      .values({
        businessId: business.id,
        customerId: template.customerId,
        frequency: input.frequency,
        templateInvoiceId: template.id,
        startDate: input.startDate,
        nextRunDate,
        endDate: input.endDate ?? null,
        autoSend: input.autoSend,
        createdByUserId: ctx.actor.userId,
      })
      .returning();
    if (!row) throw new Error("recurring insert returned nothing");
    await recordActivity(tx, ctx.actor, {
      action: "recurring_invoice.created",
      entityType: "recurring_invoice",
      entityId: row.id,
      changes: diffChanges(null, row, [
        "frequency",
        "startDate",
        "nextRunDate",
        "endDate",
        "autoSend",
        "templateInvoiceId",
      ]),
    });
    return row;
  });
}

export async function updateRecurringInvoice(
  ctx: ServiceContext,
  business: BusinessScope,
  input: z.output<typeof ZUpdateRecurringInvoiceSchema>,
): Promise<TRecurringInvoiceRow> {
  const today = todayIn(business, ctx.now());
  return inTransaction(ctx, async (tx) => {
    const before = await findRecurring(tx, business.id, input.recurringInvoiceId, true);
    const patch: Partial<TRecurringInvoiceRow> = {};
    if (input.templateInvoiceId && input.templateInvoiceId !== before.templateInvoiceId) {
      const template = await findInvoice(tx, business.id, input.templateInvoiceId).catch(() => {
        throw badField("templateInvoiceId", "Invoice not found");
      });
      if (template.status === "void")
        throw badField("templateInvoiceId", "A void invoice cannot be a template");
      patch.templateInvoiceId = template.id;
      patch.customerId = template.customerId;
    }
    if (input.frequency && input.frequency !== before.frequency) {
      patch.frequency = input.frequency;
      // A new rhythm starts from the next run already planned.
      patch.startDate = before.nextRunDate;
    }
    if (input.nextRunDate) {
      if (input.nextRunDate < today) throw badField("nextRunDate", "The next run cannot be in the past");
      patch.nextRunDate = input.nextRunDate;
      patch.startDate = input.nextRunDate;
    }
    if (input.endDate !== undefined) patch.endDate = input.endDate;
    if (input.autoSend !== undefined) patch.autoSend = input.autoSend;
    if (input.active !== undefined) {
      patch.active = input.active;
      if (input.active && !before.active && !input.nextRunDate && before.nextRunDate < today) {
        const start = patch.startDate ?? before.startDate;
        const frequency: RecurrenceFrequency = patch.frequency ?? before.frequency;
        patch.nextRunDate = nextOccurrenceAfter(start, frequency, addDays(today, -1));
      }
    }
    const endDate = patch.endDate === undefined ? before.endDate : patch.endDate;
    if (endDate && endDate < (patch.nextRunDate ?? before.nextRunDate)) {
      throw badField("endDate", "The end date is before the next run");
    }
    const changes = diffChanges(before, patch);
    if (!changes) return before;
    const [after] = await tx
      .update(recurringInvoices)
      .set(patch)
      .where(eq(recurringInvoices.id, before.id))
      .returning();
    if (!after) throw new Error("recurring update returned nothing");
    await recordActivity(tx, ctx.actor, {
      action: "recurring_invoice.updated",
      entityType: "recurring_invoice",
      entityId: before.id,
      changes,
    });
    return after;
  });
}

/** Stopping keeps the schedule (and the invoices it made) on record. */
export async function deleteRecurringInvoice(
  ctx: ServiceContext,
  business: BusinessScope,
  recurringInvoiceId: string,
): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const before = await findRecurring(tx, business.id, recurringInvoiceId, true);
    await tx
      .update(invoices)
      .set({ recurringInvoiceId: null })
      .where(eq(invoices.recurringInvoiceId, before.id));
    await tx.delete(recurringInvoices).where(eq(recurringInvoices.id, before.id));
    await recordActivity(tx, ctx.actor, {
      action: "recurring_invoice.deleted",
      entityType: "recurring_invoice",
      entityId: before.id,
      metadata: {
        frequency: before.frequency,
        templateInvoiceId: before.templateInvoiceId,
        runCount: before.runCount,
      },
    });
  });
}

/** The schedules whose run day has come in their business's time zone: one job each. */
export async function findDueRecurringRuns(
  db: DbOrTx,
  now: Date,
): Promise<{ recurringInvoiceId: string; runDate: string }[]> {
  const rows = await db
    .select({ recurringInvoiceId: recurringInvoices.id, runDate: recurringInvoices.nextRunDate })
    .from(recurringInvoices)
    .innerJoin(businesses, eq(businesses.id, recurringInvoices.businessId))
    .where(
      and(
        eq(recurringInvoices.active, true),
        lte(
          recurringInvoices.nextRunDate,
          sql`(${now.toISOString()}::timestamptz at time zone ${businesses.timezone})::date`,
        ),
        or(isNull(recurringInvoices.endDate), lte(recurringInvoices.nextRunDate, recurringInvoices.endDate)),
      ),
    );
  return rows;
}

export type RecurringRunOutcome =
  | { status: "created"; invoiceId: string; sent: boolean; nextRunDate: string | null }
  | { status: "skipped"; reason: string };

/**
 * One run of a schedule. Idempotent: it locks the schedule and only acts when the run date is still the
 * schedule's next run (and a unique key on the invoice backs that up). Missed runs are caught up once: one
 * invoice dated today, and the next run moves past today rather than producing one invoice per missed period.
 */
export async function generateRecurringInvoice(
  services: ServiceContext,
  recurringInvoiceId: string,
  runDate: string,
): Promise<RecurringRunOutcome> {
  const now = services.now();
  return inTransaction(services, async (tx, afterCommit) => {
    const [schedule] = await tx
      .select()
      .from(recurringInvoices)
      .where(eq(recurringInvoices.id, recurringInvoiceId))
      .for("update");
    if (!schedule) return { status: "skipped", reason: "schedule not found" };
    if (!schedule.active) return { status: "skipped", reason: "schedule inactive" };
    if (schedule.nextRunDate !== runDate) return { status: "skipped", reason: "run already done" };
    const business = await loadBusinessScope(tx, schedule.businessId);
    const actor = systemActorFor(business.id);
    const today = todayIn(business, now);
    const managers = await invoiceManagerIds(tx, business.id);

    const stop = async (reason: string) => {
      await tx.update(recurringInvoices).set({ active: false }).where(eq(recurringInvoices.id, schedule.id));
      await recordActivity(tx, actor, {
        action: "recurring_invoice.stopped",
        entityType: "recurring_invoice",
        entityId: schedule.id,
        metadata: { reason },
      });
      await notify(tx, {
        userIds: managers,
        businessId: business.id,
        kind: "recurring_invoice.stopped",
        title: "A recurring invoice schedule stopped",
        body: reason,
        link: `/b/${business.id}/invoices/recurring`,
      });
      return { status: "skipped" as const, reason };
    };

    const [template] = await tx
      .select()
      .from(invoices)
      .where(and(eq(invoices.id, schedule.templateInvoiceId), eq(invoices.businessId, business.id)));
    if (!template) return stop("Its template invoice no longer exists.");
    const customer = await findCustomer(tx, business.id, schedule.customerId);
    if (customer.archivedAt) return stop(`${customer.name} is archived.`);

    const draft = await insertDraft(
      tx,
      actor,
      business.id,
      {
        customerId: customer.id,
        currency: template.currency,
        exchangeRate: template.exchangeRate,
        issueDate: today,
        paymentTermsDays: template.paymentTermsDays,
        pricesIncludeTax: template.pricesIncludeTax,
        lines: await copyLines(tx, template.id),
        notes: template.notes,
        terms: template.terms,
        buyerPin: template.buyerPin,
      },
      { recurringInvoiceId: schedule.id, recurringRunDate: runDate },
    );

    // An automatic send needs a sender allowed to email and a day's allowance left; otherwise the run keeps
    // the invoice as a draft and tells the managers why.
    let heldBack: string | null = null;
    if (schedule.autoSend && customer.email) {
      const allowances = await getEmailAllowances(tx, business.id, now, services.config.emailQuotas);
      if (!allowances.senderVerified) {
        heldBack = "No owner or admin has verified their email address yet, so it was kept as a draft.";
      } else if (allowances.kinds.invoice.remaining < 1) {
        heldBack = "Today's invoice emails are used up, so it was kept as a draft for you to send.";
      }
    }
    let sent = false;
    if (schedule.autoSend && customer.email && !heldBack) {
      const issued = await issueLockedDraft(tx, actor, business, draft, now, "recurring");
      const emailId = await queueInvoiceEmail(tx, afterCommit, {
        business,
        invoice: issued,
        customerName: customer.name,
        customerLanguage: customer.language,
        to: customer.email,
        appUrl: services.config.appUrl,
        now,
        quotas: services.config.emailQuotas,
      });
      await recordActivity(tx, actor, {
        action: "invoice.sent",
        entityType: "invoice",
        entityId: issued.id,
        metadata: { to: customer.email, emailId, invoiceNumber: issued.invoiceNumber, via: "recurring" },
      });
      sent = true;
    } else {
      await notify(tx, {
        userIds: managers,
        businessId: business.id,
        kind: "recurring_invoice.draft",
        title: `A recurring invoice for ${customer.name} is ready`,
        body:
          heldBack ??
          (schedule.autoSend
            ? `${customer.name} has no email address, so it was kept as a draft for you to send.`
            : "Review the draft and send it when you are ready."),
        link: `/b/${business.id}/invoices/${draft.id}`,
        data: { invoiceId: draft.id, recurringInvoiceId: schedule.id },
      });
    }

    const following = nextOccurrenceAfter(schedule.startDate, schedule.frequency, today);
    const finished = schedule.endDate !== null && following > schedule.endDate;
    await tx
      .update(recurringInvoices)
      .set({
        nextRunDate: following,
        lastRunAt: now,
        runCount: schedule.runCount + 1,
        ...(finished ? { active: false } : {}),
      })
      .where(eq(recurringInvoices.id, schedule.id));
    await recordActivity(tx, actor, {
      action: "recurring_invoice.ran",
      entityType: "recurring_invoice",
      entityId: schedule.id,
      metadata: {
        runDate,
        invoiceId: draft.id,
        sent,
        nextRunDate: finished ? null : following,
        frequency: RECURRENCE_LABELS[schedule.frequency],
      },
    });
    return { status: "created", invoiceId: draft.id, sent, nextRunDate: finished ? null : following };
  });
}
