import { BUILT_IN_CATEGORY_NAMES, builtInCategoryKey } from "@kavi/domain";
import { normalise } from "./language";

/** What the business calls things: the names the parser looks for in a question. Loaded by the caller. */
export interface Lexicon {
  categories: { id: string; name: string; kind: "income" | "expense"; systemKey: string | null }[];
  customers: { id: string; name: string }[];
  suppliers: { id: string; name: string }[];
}

export const EMPTY_LEXICON: Lexicon = { categories: [], customers: [], suppliers: [] };

/** How people name the default categories, in English and Kiswahili, beside the category's own name. */
const CATEGORY_SYNONYMS: Record<string, string[]> = {
  transport_fuel: [
    "transport",
    "fuel",
    "petrol",
    "diesel",
    "usafiri",
    "mafuta",
    "nauli",
    "fare",
    "fares",
    "boda",
    "matatu",
  ],
  stock_purchases: ["stock", "inventory", "produce", "bidhaa", "mzigo", "manunuzi", "purchases"],
  rent: ["rent", "kodi", "kodi ya nyumba", "kodi ya duka", "stall fees"],
  salaries: ["salary", "salaries", "wages", "payroll", "mishahara", "mshahara", "wafanyakazi"],
  airtime_data: ["airtime", "data", "bundles", "vocha", "credo"],
  utilities: ["utilities", "electricity", "power", "water", "umeme", "maji", "stima"],
  mpesa_charges: ["charges", "fees", "bank charges", "transaction costs", "ada", "makato"],
  tax_vat: ["vat"],
  tax_paye: ["paye"],
  tax_turnover: ["turnover tax"],
  loan_repayments: ["loan", "loans", "mkopo", "mikopo", "repayments"],
  marketing: ["marketing", "advertising", "ads", "matangazo"],
  equipment: ["equipment", "tools", "vifaa"],
  other_expenses: ["other expenses", "matumizi mengine"],
  sales: ["sales", "mauzo"],
  services: ["services", "huduma"],
  other_income: ["other income", "mapato mengine"],
};

/** Words in contact names that say what a business is, not which one. */
const GENERIC = new Set([
  "the",
  "and",
  "ltd",
  "limited",
  "llc",
  "co",
  "company",
  "group",
  "hotel",
  "school",
  "restaurant",
  "supermarket",
  "farm",
  "farmers",
  "growers",
  "cooperative",
  "stall",
  "kiosk",
  "street",
  "nairobi",
  "fresh",
  "mama",
  "baba",
  "shop",
  "duka",
  "store",
  "enterprises",
  "traders",
  "girls",
  "boys",
  "county",
  "city",
]);

function tokens(name: string): string[] {
  return normalise(name)
    .split(/[\s\-,.()]+/)
    .filter((token) => token.length >= 3 && !/^\d+$/.test(token));
}

export interface Match<T> {
  item: T;
  /** The words of the question that named it (removed before other matchers read the question). */
  matched: string;
}

function containsPhrase(text: string, phrase: string): boolean {
  return (
    phrase.length > 0 &&
    new RegExp(`(?:^|\\s)${phrase.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?:$|\\s)`).test(text)
  );
}

/**
 * The contact a question names. The whole name wins; otherwise words that belong to one contact only
 * ("Naivas", "Serena", "Oliech"), never words many share ("Mama", "Nairobi"). A tie between contacts is no
 * match: asking beats guessing whose money to report.
 */
export function matchContact<T extends { name: string }>(text: string, items: readonly T[]): Match<T> | null {
  const question = normalise(text);
  const full = items.filter((item) => containsPhrase(question, normalise(item.name)));
  if (full.length > 0) {
    const longest = full.sort((a, b) => b.name.length - a.name.length)[0] as T;
    return { item: longest, matched: normalise(longest.name) };
  }
  const frequency = new Map<string, number>();
  for (const item of items) {
    for (const token of new Set(tokens(item.name))) frequency.set(token, (frequency.get(token) ?? 0) + 1);
  }
  let best: { item: T; score: number; matched: string[] } | null = null;
  let tie = false;
  for (const item of items) {
    const distinctive = tokens(item.name).filter(
      (token) => !GENERIC.has(token) && frequency.get(token) === 1 && token.length >= 4,
    );
    const hits = distinctive.filter((token) => containsPhrase(question, token));
    if (hits.length === 0) continue;
    const score = hits.length;
    if (!best || score > best.score) {
      best = { item, score, matched: hits };
      tie = false;
    } else if (score === best.score) tie = true;
  }
  return best && !tie ? { item: best.item, matched: best.matched.join(" ") } : null;
}

/** The category a question names: its own name, or one of the ways people say it. */
export function matchCategory(
  text: string,
  categories: Lexicon["categories"],
  kind?: "income" | "expense",
): Match<Lexicon["categories"][number]> | null {
  const question = normalise(text);
  const candidates = kind ? categories.filter((category) => category.kind === kind) : categories;
  let best: { item: Lexicon["categories"][number]; matched: string } | null = null;
  for (const category of candidates) {
    // A built-in category not renamed answers to its name in every language ("Umeme na maji" is Utilities).
    const builtIn = builtInCategoryKey(category);
    const phrases = [
      normalise(category.name),
      ...(builtIn ? Object.values(BUILT_IN_CATEGORY_NAMES[builtIn]).map(normalise) : []),
      ...(CATEGORY_SYNONYMS[category.systemKey ?? ""] ?? []),
    ];
    for (const phrase of phrases) {
      if (containsPhrase(question, phrase) && (!best || phrase.length > best.matched.length)) {
        best = { item: category, matched: phrase };
      }
    }
  }
  return best;
}
