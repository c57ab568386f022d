/** M-Pesa services shared by the routers, the webhook routes and the worker. */
export * from "./c2b";
export * from "./callback-sources";
export * from "./config";
export * from "./confirmation";
export * from "./inbox";
export * from "./payments";
export * from "./payouts";
export * from "./process";
export * from "./settings";
export * from "./stk";

import { mpesaSettings } from "@kavi/db";
import { eq } from "drizzle-orm";
import { registerMpesaDetailsProvider } from "../invoices/payment-instructions";

// Invoices print how to pay by M-Pesa (Paybill + account number = invoice number, or Till) from these settings.
registerMpesaDetailsProvider(async (db, businessId) => {
  const [row] = await db
    .select({ accountType: mpesaSettings.accountType, shortcode: mpesaSettings.shortcode })
    .from(mpesaSettings)
    .where(eq(mpesaSettings.businessId, businessId))
    .limit(1);
  return row ? { kind: row.accountType, shortcode: row.shortcode } : null;
});
