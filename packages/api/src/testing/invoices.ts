import { customers, type Database } from "@kavi/db";
import { randomSuffix } from "@kavi/testing";

export type TTestCustomer = typeof customers.$inferSelect;

/**
 * A customer row for invoice tests. Customers are the ledger's (with their own procedures); invoice tests
 * only need one to exist, so this inserts it directly.
 */
export async function insertCustomer(
  db: Database,
  businessId: string,
  overrides: Partial<typeof customers.$inferInsert> = {},
): Promise<TTestCustomer> {
  const [row] = await db
    .insert(customers)
    .values({
      businessId,
      name: `Mama Mboga ${randomSuffix(2)}`,
      email: `accounts.${randomSuffix()}@example.co.ke`,
      phone: "+254712345678",
      taxId: "P051234567X",
      address: "Kenyatta Market, Stall 12",
      city: "Nairobi",
      paymentTermsDays: 14,
      ...overrides,
    })
    .returning();
  if (!row) throw new Error("customer insert returned nothing");
  return row;
}

/** A typical draft input: two lines, VAT-exclusive prices. */
export function sampleDraft(customerId: string, overrides: Record<string, unknown> = {}) {
  return {
    customerId,
    lines: [
      {
        description: "Tomatoes, crate (64 kg)",
        quantity: "2",
        unitPrice: "4,500.00",
        taxTreatment: "zero_rated" as const,
      },
      { description: "Crate hire", quantity: "2", unitPrice: "250.00" },
    ],
    ...overrides,
  };
}
