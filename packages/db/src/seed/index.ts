import type { Database } from "../client";
import { DEMO_PASSWORD, DEMO_PEOPLE, seedDemoAccounts } from "./accounts";
import { type InvoiceSeedResult, seedDemoInvoices } from "./invoices";

export { DEMO_BUSINESS, DEMO_PASSWORD, DEMO_PEOPLE } from "./accounts";
export type { InvoiceSeedResult } from "./invoices";

export interface SeedResult {
  businessId: string;
  credentials: { email: string; password: string; role: string }[];
  invoices: InvoiceSeedResult;
}

/**
 * The demo: a Nairobi fresh-produce wholesaler with an owner, a staff member and a viewer, plus a platform
 * operator. Each step is idempotent; later domains add their own steps after the accounts.
 */
export async function seedDemo(db: Database): Promise<SeedResult> {
  const { businessId, ownerId } = await seedDemoAccounts(db);
  const invoices = await seedDemoInvoices(db, businessId, ownerId);
  return {
    businessId,
    invoices,
    credentials: DEMO_PEOPLE.map((person) => ({
      email: person.email,
      password: DEMO_PASSWORD,
      role: person.isSuperAdmin ? "platform super-admin" : (person.role ?? "none"),
    })),
  };
}
