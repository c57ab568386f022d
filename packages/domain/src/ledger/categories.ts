import type { CategoryKind } from "./constants";

/** Stable keys of the default categories: imports, M-Pesa and invoices find them after a rename. */
export const SYSTEM_CATEGORY_KEYS = [
  "sales",
  "services",
  "other_income",
  "loan_proceeds",
  "stock_purchases",
  "rent",
  "salaries",
  "transport_fuel",
  "airtime_data",
  "utilities",
  "mpesa_charges",
  "tax_vat",
  "tax_paye",
  "tax_turnover",
  "loan_repayments",
  "loan_charges",
  "marketing",
  "equipment",
  "other_expenses",
] as const;
export type SystemCategoryKey = (typeof SYSTEM_CATEGORY_KEYS)[number];

export interface DefaultCategory {
  systemKey: SystemCategoryKey;
  kind: CategoryKind;
  name: string;
  color: string;
}

/** What every Kenyan small business starts with; created with the business and backfilled by the seed. */
export const DEFAULT_CATEGORIES: readonly DefaultCategory[] = [
  { systemKey: "sales", kind: "income", name: "Sales", color: "#15803d" },
  { systemKey: "services", kind: "income", name: "Services", color: "#0f766e" },
  { systemKey: "other_income", kind: "income", name: "Other income", color: "#65a30d" },
  { systemKey: "loan_proceeds", kind: "income", name: "Loan proceeds", color: "#4338ca" },
  { systemKey: "stock_purchases", kind: "expense", name: "Stock purchases", color: "#b45309" },
  { systemKey: "rent", kind: "expense", name: "Rent", color: "#7c3aed" },
  { systemKey: "salaries", kind: "expense", name: "Salaries and wages", color: "#be185d" },
  { systemKey: "transport_fuel", kind: "expense", name: "Transport and fuel", color: "#c2410c" },
  { systemKey: "airtime_data", kind: "expense", name: "Airtime and data", color: "#0891b2" },
  { systemKey: "utilities", kind: "expense", name: "Utilities", color: "#2563eb" },
  { systemKey: "mpesa_charges", kind: "expense", name: "M-Pesa and bank charges", color: "#16a34a" },
  { systemKey: "tax_vat", kind: "expense", name: "Taxes: VAT", color: "#dc2626" },
  { systemKey: "tax_paye", kind: "expense", name: "Taxes: PAYE", color: "#b91c1c" },
  { systemKey: "tax_turnover", kind: "expense", name: "Taxes: turnover tax", color: "#991b1b" },
  { systemKey: "loan_repayments", kind: "expense", name: "Loan repayments", color: "#4338ca" },
  { systemKey: "loan_charges", kind: "expense", name: "Loan interest and charges", color: "#6d28d9" },
  { systemKey: "marketing", kind: "expense", name: "Marketing", color: "#db2777" },
  { systemKey: "equipment", kind: "expense", name: "Equipment", color: "#475569" },
  { systemKey: "other_expenses", kind: "expense", name: "Other expenses", color: "#6b7280" },
];

/**
 * Money that moves cash but is not earned or spent: a loan received and the principal paid back. Cash flow
 * counts them; profit and loss leaves them out (interest, fees and penalties, "loan_charges", stay costs).
 */
export const PROFIT_EXCLUDED_CATEGORY_KEYS: readonly SystemCategoryKey[] = [
  "loan_proceeds",
  "loan_repayments",
];

/**
 * Inflows that happen once and are not a pattern to learn from (the cash-flow forecast's history leaves them
 * out; the starting balance still holds them). Principal repayments stay: they are real, scheduled outflows.
 */
export const ONE_OFF_INFLOW_CATEGORY_KEYS: readonly SystemCategoryKey[] = ["loan_proceeds"];

export const CATEGORY_COLORS = [
  "#15803d",
  "#0f766e",
  "#2563eb",
  "#7c3aed",
  "#db2777",
  "#dc2626",
  "#c2410c",
  "#b45309",
  "#0891b2",
  "#475569",
] as const;
