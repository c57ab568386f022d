import { type DbOrTx, mpesaSettings } from "@kavi/db";
import { eq } from "drizzle-orm";
import type { MpesaCollectionDetails } from "../invoices/payment-instructions";

/**
 * How customers pay this business by M-Pesa (Paybill, with the invoice number as the account, or Till), from
 * its M-Pesa settings; null when M-Pesa is not set up. Invoices print it and the public page shows it. A leaf
 * module (it imports only the schema), so invoices read it directly without importing the rest of M-Pesa.
 */
export async function loadMpesaCollectionDetails(
  db: DbOrTx,
  businessId: string,
): Promise<MpesaCollectionDetails | null> {
  const [row] = await db
    .select({ accountType: mpesaSettings.accountType, shortcode: mpesaSettings.shortcode })
    .from(mpesaSettings)
    .where(eq(mpesaSettings.businessId, businessId))
    .limit(1);
  return row ? { kind: row.accountType, shortcode: row.shortcode } : null;
}
