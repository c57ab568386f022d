import { type DbOrTx, documentSequences } from "@kavi/db";
import { formatDocumentNumber, yearOf } from "@kavi/domain";
import { sql } from "drizzle-orm";
import type { TInvoiceSettingsRow } from "./queries";

export type DocumentKind = "invoice" | "credit_note";

/**
 * Takes the next number of a gapless sequence inside the caller's transaction. The upsert locks the
 * sequence row until that transaction ends: concurrent issuers queue behind it, and a rollback gives the
 * number back, so numbers are never duplicated and never skipped.
 */
export async function takeNextSequenceValue(
  tx: DbOrTx,
  businessId: string,
  kind: DocumentKind,
  year: number,
): Promise<number> {
  const [row] = await tx
    .insert(documentSequences)
    .values({ businessId, kind, year, lastValue: 1 })
    .onConflictDoUpdate({
      target: [documentSequences.businessId, documentSequences.kind, documentSequences.year],
      set: { lastValue: sql`${documentSequences.lastValue} + 1` },
    })
    .returning({ value: documentSequences.lastValue });
  if (!row) throw new Error("document sequence upsert returned nothing");
  return row.value;
}

/** The next document number for a date (the year restarts the count when the settings include it). */
export async function takeNextDocumentNumber(
  tx: DbOrTx,
  settings: TInvoiceSettingsRow,
  kind: DocumentKind,
  documentDate: string,
): Promise<string> {
  const year = settings.includeYear ? yearOf(documentDate) : 0;
  const value = await takeNextSequenceValue(tx, settings.businessId, kind, year);
  return formatDocumentNumber({
    prefix: kind === "invoice" ? settings.prefix : settings.creditNotePrefix,
    includeYear: settings.includeYear,
    year,
    padding: settings.padding,
    value,
  });
}
