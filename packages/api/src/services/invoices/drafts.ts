import { randomBytes } from "node:crypto";
import { type DbOrTx, invoiceItems, invoices } from "@kavi/db";
import {
  addDays,
  computeInvoiceTotals,
  isKraPin,
  type ParsedInvoiceLine,
  parseInvoiceLines,
  type TInvoiceDraft,
} from "@kavi/domain";
import { eq } from "drizzle-orm";
import { AppError } from "../../errors";
import { type Actor, diffChanges, recordActivity } from "../activity";
import { findRate } from "../exchange-rates/rates";
import type { ServiceContext } from "../service-context";
import { inTransaction } from "../unit-of-work";
import { type BusinessScope, todayIn } from "./context";
import { badField, refuse } from "./errors";
import { findCustomer, findInvoice, listItems, type TInvoiceRow } from "./queries";
import { getInvoiceSettings } from "./settings";

/** The capability in the customer's link: 256 random bits, URL-safe. */
export function newPublicToken(): string {
  return randomBytes(32).toString("base64url");
}

export interface DraftValues {
  customerId: string;
  currency: string;
  exchangeRate: string;
  issueDate: string;
  paymentTermsDays: number;
  pricesIncludeTax: boolean;
  lines: ParsedInvoiceLine[];
  notes: string | null;
  terms: string | null;
  buyerPin: string | null;
}

export interface DraftOrigin {
  recurringInvoiceId?: string | null;
  recurringRunDate?: string | null;
  duplicatedFromId?: string | null;
}

const HEADER_FIELDS = [
  "customerId",
  "currency",
  "exchangeRate",
  "issueDate",
  "dueDate",
  "paymentTermsDays",
  "pricesIncludeTax",
  "subtotalMinor",
  "discountMinor",
  "taxMinor",
  "totalMinor",
  "notes",
  "terms",
  "buyerPin",
] as const satisfies readonly (keyof TInvoiceRow)[];

/** Computes the totals; an InvoiceTotalsError names the field that made them impossible ("lines.2.discount"). */
function totalsOrFieldError(values: Pick<DraftValues, "lines" | "pricesIncludeTax">) {
  return computeInvoiceTotals(values.lines, { pricesIncludeTax: values.pricesIncludeTax });
}

function headerAndTotals(values: DraftValues) {
  const totals = totalsOrFieldError(values);
  return {
    header: {
      customerId: values.customerId,
      currency: values.currency,
      exchangeRate: values.exchangeRate,
      issueDate: values.issueDate,
      dueDate: addDays(values.issueDate, values.paymentTermsDays),
      paymentTermsDays: values.paymentTermsDays,
      pricesIncludeTax: values.pricesIncludeTax,
      subtotalMinor: totals.subtotalMinor,
      discountMinor: totals.discountMinor,
      taxMinor: totals.taxMinor,
      totalMinor: totals.totalMinor,
      notes: values.notes,
      terms: values.terms,
      buyerPin: values.buyerPin,
    },
    totals,
  };
}

async function insertItems(
  tx: DbOrTx,
  businessId: string,
  invoiceId: string,
  values: DraftValues,
  totals: ReturnType<typeof totalsOrFieldError>,
) {
  await tx.insert(invoiceItems).values(
    values.lines.map((line, position) => {
      const computed = totals.lines[position];
      if (!computed) throw new Error("totals and lines differ in length");
      return {
        invoiceId,
        businessId,
        position,
        description: line.description,
        quantityMilli: line.quantityMilli,
        unitPriceMinor: line.unitPriceMinor,
        discountMinor: line.discountMinor,
        taxTreatment: line.taxTreatment,
        taxRateBps: computed.taxRateBps,
        itemClassificationCode: line.itemClassificationCode ?? null,
        netMinor: computed.netMinor,
        taxMinor: computed.taxMinor,
        totalMinor: computed.totalMinor,
      };
    }),
  );
}

/** Inserts a draft with its lines and its activity row, in the caller's transaction. */
export async function insertDraft(
  tx: DbOrTx,
  actor: Actor,
  businessId: string,
  values: DraftValues,
  origin: DraftOrigin = {},
): Promise<TInvoiceRow> {
  const { header, totals } = headerAndTotals(values);
  const [invoice] = await tx
    .insert(invoices)
    .values({
      businessId,
      ...header,
      createdByUserId: actor.userId,
      status: "draft",
      invoiceNumber: null,
      publicToken: newPublicToken(),
      recurringInvoiceId: origin.recurringInvoiceId ?? null,
      recurringRunDate: origin.recurringRunDate ?? null,
      duplicatedFromId: origin.duplicatedFromId ?? null,
    })
    .returning();
  if (!invoice) throw new Error("invoice insert returned nothing");
  await insertItems(tx, businessId, invoice.id, values, totals);
  await recordActivity(tx, actor, {
    action: origin.duplicatedFromId ? "invoice.duplicated" : "invoice.created",
    entityType: "invoice",
    entityId: invoice.id,
    changes: diffChanges(null, invoice, HEADER_FIELDS),
    metadata: {
      lineCount: values.lines.length,
      ...(origin.duplicatedFromId ? { duplicatedFromId: origin.duplicatedFromId } : {}),
      ...(origin.recurringInvoiceId
        ? { recurringInvoiceId: origin.recurringInvoiceId, runDate: origin.recurringRunDate }
        : {}),
    },
  });
  return invoice;
}

/** Resolves a draft form against the customer, the settings and the business's defaults. */
async function resolveDraft(
  tx: DbOrTx,
  business: BusinessScope,
  input: TInvoiceDraft,
  today: string,
  previous: TInvoiceRow | null,
): Promise<DraftValues> {
  const customer = await findCustomer(tx, business.id, input.customerId, { field: "customerId" });
  if (customer.archivedAt && customer.id !== previous?.customerId) {
    throw badField("customerId", "This customer is archived. Restore them to invoice them.");
  }
  const settings = await getInvoiceSettings(tx, business.id);
  const currency = input.currency ?? previous?.currency ?? customer.currency;
  let exchangeRate = "1";
  if (currency !== business.baseCurrency) {
    const issueDate = input.issueDate ?? previous?.issueDate ?? today;
    const given =
      input.exchangeRate ??
      (previous?.currency === currency ? previous.exchangeRate : null) ??
      // The stored rate of the issue date (or the last one before it) is the default.
      (await findRate(tx, { date: issueDate, from: currency, to: business.baseCurrency }))?.rate;
    if (!given) {
      throw badField(
        "exchangeRate",
        `Enter the exchange rate: how many ${business.baseCurrency} one ${currency} is worth`,
      );
    }
    exchangeRate = given;
  }
  const parsed = parseInvoiceLines(input.lines, currency, settings.defaultTaxRateBps);
  if (!parsed.ok) {
    throw new AppError("BAD_REQUEST", "Some lines need your attention", { fieldErrors: parsed.fieldErrors });
  }
  return {
    customerId: customer.id,
    currency,
    exchangeRate,
    issueDate: input.issueDate ?? previous?.issueDate ?? today,
    paymentTermsDays: input.paymentTermsDays ?? previous?.paymentTermsDays ?? customer.paymentTermsDays,
    pricesIncludeTax: input.pricesIncludeTax ?? previous?.pricesIncludeTax ?? settings.pricesIncludeTax,
    lines: parsed.lines,
    notes: input.notes === undefined ? (previous ? previous.notes : settings.defaultNotes) : input.notes,
    terms: input.terms === undefined ? (previous ? previous.terms : settings.defaultTerms) : input.terms,
    // Left blank, the customer's PIN (when it has a PIN's shape) is the buyer's: the common case needs no typing.
    buyerPin:
      input.buyerPin ??
      (input.buyerPin === undefined ? previous?.buyerPin : null) ??
      (isKraPin(customer.taxId) ? customer.taxId : null),
  };
}

export async function createInvoice(
  ctx: ServiceContext,
  business: BusinessScope,
  input: TInvoiceDraft,
): Promise<TInvoiceRow> {
  const today = todayIn(business, ctx.now());
  return inTransaction(ctx, async (tx) => {
    const values = await resolveDraft(tx, business, input, today, null);
    return insertDraft(tx, ctx.actor, business.id, values);
  });
}

function refuseUnlessDraft(invoice: TInvoiceRow, what: string) {
  if (invoice.status === "draft") return;
  throw refuse(
    invoice.status === "void"
      ? `This invoice is void. ${what}`
      : `${invoice.invoiceNumber ?? "This invoice"} has been issued, so it can no longer be changed. ${what}`,
  );
}

/**
 * Replaces a draft's header and lines. Issued invoices are refused: the customer holds that document, so a
 * change means voiding it (or a credit note) and issuing a new one. Only the due date may move after issue.
 */
export async function updateInvoice(
  ctx: ServiceContext,
  business: BusinessScope,
  invoiceId: string,
  input: TInvoiceDraft,
): Promise<TInvoiceRow> {
  const today = todayIn(business, ctx.now());
  return inTransaction(ctx, async (tx) => {
    const before = await findInvoice(tx, business.id, invoiceId, { lock: true });
    refuseUnlessDraft(before, "Void it or issue a credit note, then create a new invoice (Duplicate helps).");
    const values = await resolveDraft(tx, business, input, today, before);
    const { header, totals } = headerAndTotals(values);
    const [after] = await tx.update(invoices).set(header).where(eq(invoices.id, invoiceId)).returning();
    if (!after) throw new Error("invoice update returned nothing");
    const previousLines = await listItems(tx, invoiceId);
    await tx.delete(invoiceItems).where(eq(invoiceItems.invoiceId, invoiceId));
    await insertItems(tx, business.id, invoiceId, values, totals);
    await recordActivity(tx, ctx.actor, {
      action: "invoice.updated",
      entityType: "invoice",
      entityId: invoiceId,
      changes: diffChanges(before, after, HEADER_FIELDS),
      metadata: { lineCount: values.lines.length, previousLineCount: previousLines.length },
    });
    return after;
  });
}

/** Drafts have no number yet, so deleting one leaves no gap. Issued invoices are voided instead. */
export async function deleteDraft(
  ctx: ServiceContext,
  business: BusinessScope,
  invoiceId: string,
): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const invoice = await findInvoice(tx, business.id, invoiceId, { lock: true });
    refuseUnlessDraft(invoice, "Void it instead, so its number stays on record.");
    await tx.delete(invoices).where(eq(invoices.id, invoiceId));
    await recordActivity(tx, ctx.actor, {
      action: "invoice.deleted",
      entityType: "invoice",
      entityId: invoiceId,
      metadata: { customerId: invoice.customerId, totalMinor: invoice.totalMinor.toString() },
    });
  });
}

/** The lines of an existing invoice as draft input (amounts as stored, no re-parsing). */
export async function copyLines(tx: DbOrTx, invoiceId: string): Promise<ParsedInvoiceLine[]> {
  const items = await listItems(tx, invoiceId);
  return items.map((item) => ({
    description: item.description,
    quantityMilli: item.quantityMilli,
    unitPriceMinor: item.unitPriceMinor,
    discountMinor: item.discountMinor,
    taxTreatment: item.taxTreatment,
    taxRateBps: item.taxRateBps,
    itemClassificationCode: item.itemClassificationCode,
  }));
}

/** A new draft for the same customer with the same lines, dated today. Any invoice may be duplicated. */
export async function duplicateInvoice(
  ctx: ServiceContext,
  business: BusinessScope,
  invoiceId: string,
): Promise<TInvoiceRow> {
  const today = todayIn(business, ctx.now());
  return inTransaction(ctx, async (tx) => {
    const source = await findInvoice(tx, business.id, invoiceId);
    const customer = await findCustomer(tx, business.id, source.customerId);
    if (customer.archivedAt) throw refuse("This customer is archived. Restore them to invoice them again.");
    return insertDraft(
      tx,
      ctx.actor,
      business.id,
      {
        customerId: source.customerId,
        currency: source.currency,
        exchangeRate: source.exchangeRate,
        issueDate: today,
        paymentTermsDays: source.paymentTermsDays,
        pricesIncludeTax: source.pricesIncludeTax,
        lines: await copyLines(tx, source.id),
        notes: source.notes,
        terms: source.terms,
        buyerPin: source.buyerPin,
      },
      { duplicatedFromId: source.id },
    );
  });
}
