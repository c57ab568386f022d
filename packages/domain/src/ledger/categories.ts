import type { Language } from "../schemas/auth";
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

/**
 * The built-in categories' names in every language: the one source the server (reports, emails, the
 * assistant) and the client both read. A category is stored with its English name; see categoryDisplayName.
 */
export const BUILT_IN_CATEGORY_NAMES: Readonly<
  Record<SystemCategoryKey, Readonly<Record<Language, string>>>
> = {
  sales: { en: "Sales", sw: "Mauzo" },
  services: { en: "Services", sw: "Huduma" },
  other_income: { en: "Other income", sw: "Mapato mengine" },
  loan_proceeds: { en: "Loan proceeds", sw: "Mikopo iliyopokelewa" },
  stock_purchases: { en: "Stock purchases", sw: "Ununuzi wa bidhaa" },
  rent: { en: "Rent", sw: "Kodi ya nyumba" },
  salaries: { en: "Salaries and wages", sw: "Mishahara na ujira" },
  transport_fuel: { en: "Transport and fuel", sw: "Usafiri na mafuta" },
  airtime_data: { en: "Airtime and data", sw: "Muda wa maongezi na data" },
  utilities: { en: "Utilities", sw: "Umeme na maji" },
  mpesa_charges: { en: "M-Pesa and bank charges", sw: "Ada za M-Pesa na benki" },
  tax_vat: { en: "Taxes: VAT", sw: "Kodi: VAT" },
  tax_paye: { en: "Taxes: PAYE", sw: "Kodi: PAYE" },
  tax_turnover: { en: "Taxes: turnover tax", sw: "Kodi: kodi ya mauzo (TOT)" },
  loan_repayments: { en: "Loan repayments", sw: "Marejesho ya mikopo" },
  loan_charges: { en: "Loan interest and charges", sw: "Riba na ada za mikopo" },
  marketing: { en: "Marketing", sw: "Matangazo" },
  equipment: { en: "Equipment", sw: "Vifaa" },
  other_expenses: { en: "Other expenses", sw: "Matumizi mengine" },
};

export interface DefaultCategory {
  systemKey: SystemCategoryKey;
  kind: CategoryKind;
  /** The stored name: English, as the business is created. */
  name: string;
  color: string;
}

/** What every Kenyan small business starts with; created with the business and backfilled by the seed. */
export const DEFAULT_CATEGORIES: readonly DefaultCategory[] = (
  [
    { systemKey: "sales", kind: "income", color: "#15803d" },
    { systemKey: "services", kind: "income", color: "#0f766e" },
    { systemKey: "other_income", kind: "income", color: "#65a30d" },
    { systemKey: "loan_proceeds", kind: "income", color: "#4338ca" },
    { systemKey: "stock_purchases", kind: "expense", color: "#b45309" },
    { systemKey: "rent", kind: "expense", color: "#7c3aed" },
    { systemKey: "salaries", kind: "expense", color: "#be185d" },
    { systemKey: "transport_fuel", kind: "expense", color: "#c2410c" },
    { systemKey: "airtime_data", kind: "expense", color: "#0891b2" },
    { systemKey: "utilities", kind: "expense", color: "#2563eb" },
    { systemKey: "mpesa_charges", kind: "expense", color: "#16a34a" },
    { systemKey: "tax_vat", kind: "expense", color: "#dc2626" },
    { systemKey: "tax_paye", kind: "expense", color: "#b91c1c" },
    { systemKey: "tax_turnover", kind: "expense", color: "#991b1b" },
    { systemKey: "loan_repayments", kind: "expense", color: "#4338ca" },
    { systemKey: "loan_charges", kind: "expense", color: "#6d28d9" },
    { systemKey: "marketing", kind: "expense", color: "#db2777" },
    { systemKey: "equipment", kind: "expense", color: "#475569" },
    { systemKey: "other_expenses", kind: "expense", color: "#6b7280" },
  ] as const
).map((category) => ({ ...category, name: BUILT_IN_CATEGORY_NAMES[category.systemKey].en }));

function isSystemCategoryKey(key: string): key is SystemCategoryKey {
  return Object.hasOwn(BUILT_IN_CATEGORY_NAMES, key);
}

/** A built-in category the user has not renamed (its stored name is still the default English one), else null. */
export function builtInCategoryKey(category: {
  name: string;
  systemKey?: string | null;
}): SystemCategoryKey | null {
  const key = category.systemKey;
  if (!key || !isSystemCategoryKey(key)) return null;
  return BUILT_IN_CATEGORY_NAMES[key].en === category.name ? key : null;
}

/**
 * A category's name in the reader's language: a built-in one the user has not renamed is worded by its stable
 * key; a renamed or own category is the user's word, shown as they wrote it. Stored names never change.
 */
export function categoryDisplayName(
  category: { name: string; systemKey?: string | null },
  language: Language,
): string {
  const key = builtInCategoryKey(category);
  return key ? BUILT_IN_CATEGORY_NAMES[key][language] : category.name;
}

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
