import { createKeyring, DEVELOPMENT_DATA_ENCRYPTION_KEYS, parseKeyring } from "@kavi/security";
import type { Database } from "../client";
import { DEMO_PASSWORD, DEMO_PEOPLE, seedDemoAccounts } from "./accounts";
import { type InvoiceSeedResult, seedDemoInvoices } from "./invoices";
import { type LedgerSeedResult, seedDemoLedger } from "./ledger";
import { seedDemoLoanProducts } from "./lending";
import { seedDemoMpesa } from "./mpesa";

export { DEMO_BUSINESS, DEMO_PASSWORD, DEMO_PEOPLE } from "./accounts";
export type { InvoiceSeedResult } from "./invoices";
export { DEMO_CUSTOMERS, DEMO_SUPPLIERS, type LedgerSeedResult } from "./ledger";
export { DEMO_LOAN_PRODUCTS } from "./lending";

export interface SeedResult {
  businessId: string;
  credentials: { email: string; password: string; role: string }[];
  ledger: LedgerSeedResult;
  invoices: InvoiceSeedResult;
}

/**
 * The demo: a Nairobi fresh-produce wholesaler with an owner, a staff member and a viewer, plus a platform
 * operator and the loan products the platform offers. Each step is idempotent; later domains add their own steps
 * after the accounts.
 */
export interface SeedOptions {
  /** DATA_ENCRYPTION_KEYS, as the server and worker have it (the development key when absent). */
  dataEncryptionKeys?: string | undefined;
  /** The clock: the demo business is created "now" and its year of books ends on this day. */
  now?: Date;
}

export async function seedDemo(db: Database, options: SeedOptions = {}): Promise<SeedResult> {
  const { businessId, ownerId } = await seedDemoAccounts(db, options.now ?? new Date());
  const ledger = await seedDemoLedger(db, businessId, ownerId);
  const keyring = createKeyring(parseKeyring(options.dataEncryptionKeys ?? DEVELOPMENT_DATA_ENCRYPTION_KEYS));
  await seedDemoMpesa(db, businessId, keyring);
  const invoices = await seedDemoInvoices(db, businessId, ownerId);
  const operator = DEMO_PEOPLE.find((person) => person.isSuperAdmin);
  if (operator) await seedDemoLoanProducts(db, operator.email);
  return {
    businessId,
    ledger,
    invoices,
    credentials: DEMO_PEOPLE.map((person) => ({
      email: person.email,
      password: DEMO_PASSWORD,
      role: person.isSuperAdmin ? "platform super-admin" : (person.role ?? "none"),
    })),
  };
}
