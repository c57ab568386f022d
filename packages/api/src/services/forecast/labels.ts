import { categoryDisplayName, type Language } from "@kavi/domain";
import type { ForecastEvent, ForecastResult, RecurringExpense, TForecastInput } from "@kavi/insights";

/**
 * The forecast's named flows in the reader's language. The model names them in English when it runs (and
 * stored forecasts keep those names), so they are worded again from the inputs when read: built-in categories
 * by categoryDisplayName, and the words around customer names from here.
 */
const FORECAST_WORDS: Record<
  Language,
  {
    invoice: string;
    supplier: string;
    category: string;
    recurringInvoice: (customer: string) => string;
    budget: (category: string, periodEnd: string) => string;
  }
> = {
  en: {
    invoice: "Invoice",
    supplier: "Supplier",
    category: "Category",
    recurringInvoice: (customer) => `Recurring invoice — ${customer}`,
    budget: (category, periodEnd) => `${category} budget (spread to ${periodEnd})`,
  },
  sw: {
    invoice: "Ankara",
    supplier: "Msambazaji",
    category: "Kundi",
    recurringInvoice: (customer) => `Ankara ya kujirudia — ${customer}`,
    budget: (category, periodEnd) => `Bajeti ya ${category} (imegawanywa hadi ${periodEnd})`,
  },
};

export function wordForecast(
  result: ForecastResult,
  input: TForecastInput,
  language: Language,
): ForecastResult {
  const words = FORECAST_WORDS[language];
  const categories = new Map<string, { name: string; systemKey?: string | null | undefined }>();
  for (const row of [...input.expenses, ...input.budgets]) {
    if (row.categoryId && row.categoryName)
      categories.set(row.categoryId, { name: row.categoryName, systemKey: row.categorySystemKey });
  }
  const suppliers = new Map<string, string>();
  for (const row of input.expenses)
    if (row.supplierId && row.supplierName) suppliers.set(row.supplierId, row.supplierName);
  const categoryWord = (id: string) => {
    const category = categories.get(id);
    return category ? categoryDisplayName(category, language) : words.category;
  };
  /** A recurring expense's key is "supplier:<id>" or "category:<id>" (insights' groupKey). */
  const recurringWord = (key: string, fallback: string) => {
    const [kind, id = ""] = key.split(":", 2);
    if (kind === "category") return categoryWord(id);
    if (kind === "supplier") return suppliers.get(id) ?? words.supplier;
    return fallback;
  };
  const invoices = new Map(input.openInvoices.map((invoice) => [invoice.id, invoice]));
  const schedules = new Map(input.recurringInvoices.map((schedule) => [schedule.id, schedule]));
  const budgets = new Map(input.budgets.map((budget) => [budget.categoryId, budget]));
  const eventLabel = (event: ForecastEvent): string => {
    switch (event.kind) {
      case "invoice": {
        const invoice = invoices.get(event.refId);
        return invoice ? `${invoice.number ?? words.invoice} — ${invoice.customerName}` : event.label;
      }
      case "recurring_invoice": {
        const schedule = schedules.get(event.refId);
        return schedule ? words.recurringInvoice(schedule.customerName) : event.label;
      }
      case "recurring_expense":
        return recurringWord(event.refId, event.label);
      case "budget": {
        const budget = budgets.get(event.refId);
        return budget ? words.budget(categoryWord(budget.categoryId), budget.periodEnd) : event.label;
      }
    }
  };
  return {
    ...result,
    events: result.events.map((event) => ({ ...event, label: eventLabel(event) })),
    recurringExpenses: result.recurringExpenses.map(
      (expense): RecurringExpense => ({ ...expense, label: recurringWord(expense.key, expense.label) }),
    ),
  };
}
