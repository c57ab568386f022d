import fc from "fast-check";
import { SYSTEM_ACTOR } from "../services/activity";
import { createBusinessFor, signUpUser } from "./factories";
import type { TestHarness } from "./harness";

/**
 * Random ledgers for the property tests of the reports (analytics summary, profit and loss): which built-in
 * category a generated row books to. Trade counts as earned or spent; loan money moves cash but not profit;
 * "none" is uncategorised, which counts.
 */
const CATEGORY_KEYS = {
  income: { trade: "sales", loan: "loan_proceeds", none: null },
  expense: { trade: "rent", loan: "loan_repayments", none: null },
} as const;

/** A generated row's fields: type, category, amount, minutes after the test's first moment, and status. */
export function ledgerRowFields(days: number) {
  return {
    type: fc.constantFrom("income" as const, "expense" as const, "transfer" as const),
    category: fc.constantFrom("trade" as const, "loan" as const, "none" as const),
    amountMinor: fc.bigInt({ min: 1n, max: 10n ** 9n }),
    // Minutes, so rows fall either side of local midnight and of a month's end.
    minutes: fc.integer({ min: 0, max: days * 24 * 60 }),
    status: fc.constantFrom("completed" as const, "completed" as const, "pending" as const),
  };
}

/** A new owner's business (Africa/Nairobi, KES) to book generated rows in, and how to book them. */
export async function ledgerBusiness(harness: TestHarness) {
  const owner = await signUpUser(harness);
  const business = await createBusinessFor(owner);
  const categories = await owner.caller.categories.list({ businessId: business.id });
  return {
    business,
    ledger: { id: business.id, baseCurrency: "KES", timezone: "Africa/Nairobi" },
    categories,
    actor: { ...SYSTEM_ACTOR, businessId: business.id },
    /** The category a generated row books to (null for a transfer or an uncategorised row). */
    categoryIdOf(row: { type: "income" | "expense" | "transfer"; category: "trade" | "loan" | "none" }) {
      if (row.type === "transfer") return null;
      const key = CATEGORY_KEYS[row.type][row.category];
      return key === null ? null : String(categories.find((item) => item.systemKey === key)?.id);
    },
  };
}
