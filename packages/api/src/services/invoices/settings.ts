import { type DbOrTx, invoiceSettings } from "@kavi/db";
import { formatBps, type ZUpdateInvoiceSettingsSchema } from "@kavi/domain";
import { eq } from "drizzle-orm";
import type { z } from "zod";
import { diffChanges, recordActivity } from "../activity";
import type { ServiceContext } from "../service-context";
import { inTransaction } from "../unit-of-work";
import type { TInvoiceSettingsRow } from "./queries";

/** Every new business starts with invoice settings (prefix INV, 14-day terms, VAT 16 %). */
export async function createDefaultInvoiceSettings(tx: DbOrTx, businessId: string): Promise<void> {
  await tx.insert(invoiceSettings).values({ businessId }).onConflictDoNothing();
}

/** The business's invoice settings; created with the defaults for businesses that predate them. */
export async function getInvoiceSettings(db: DbOrTx, businessId: string): Promise<TInvoiceSettingsRow> {
  const [existing] = await db
    .select()
    .from(invoiceSettings)
    .where(eq(invoiceSettings.businessId, businessId));
  if (existing) return existing;
  await db.insert(invoiceSettings).values({ businessId }).onConflictDoNothing();
  const [created] = await db.select().from(invoiceSettings).where(eq(invoiceSettings.businessId, businessId));
  if (!created) throw new Error("invoice settings missing after insert");
  return created;
}

const SETTINGS_FIELDS = [
  "prefix",
  "includeYear",
  "padding",
  "creditNotePrefix",
  "defaultPaymentTermsDays",
  "defaultTaxRateBps",
  "pricesIncludeTax",
  "defaultNotes",
  "defaultTerms",
  "paymentInstructions",
  "reminderOffsetsDays",
  "remindersEnabled",
] as const satisfies readonly (keyof TInvoiceSettingsRow)[];

/** What the settings page shows: the row plus the default rate as a percentage. */
export function presentSettings(row: TInvoiceSettingsRow) {
  const { openingBalanceMinor: _opening, openingBalanceDate: _openingDate, ...rest } = row;
  return { ...rest, defaultTaxRate: formatBps(row.defaultTaxRateBps) };
}

/**
 * Changing the prefix or padding changes how later numbers print; the counter itself carries on
 * (INV-2026-0005 then WF-2026-0006), so the sequence stays gapless.
 */
export async function updateInvoiceSettings(
  ctx: ServiceContext,
  businessId: string,
  patch: z.output<typeof ZUpdateInvoiceSettingsSchema>,
): Promise<TInvoiceSettingsRow> {
  const { defaultTaxRate, ...rest } = patch;
  const values: Partial<TInvoiceSettingsRow> = {
    ...rest,
    ...(defaultTaxRate === undefined ? {} : { defaultTaxRateBps: defaultTaxRate }),
  };
  return inTransaction(ctx, async (tx) => {
    await getInvoiceSettings(tx, businessId);
    const [before] = await tx
      .select()
      .from(invoiceSettings)
      .where(eq(invoiceSettings.businessId, businessId))
      .for("update");
    if (!before) throw new Error("invoice settings missing");
    const changes = diffChanges(before, values, SETTINGS_FIELDS);
    if (!changes) return before;
    const [after] = await tx
      .update(invoiceSettings)
      .set(values)
      .where(eq(invoiceSettings.businessId, businessId))
      .returning();
    if (!after) throw new Error("invoice settings update returned nothing");
    await recordActivity(tx, ctx.actor, {
      action: "invoice_settings.updated",
      entityType: "invoice_settings",
      entityId: businessId,
      changes,
    });
    return after;
  });
}
