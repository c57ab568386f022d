import { formatMoney, LANGUAGE_LOCALES, type Language } from "@kavi/domain";
import { type RenderedEmail, renderLayout } from "../layout";

/** Figures a weekly summary shows: every amount comes from the report services, in base-currency minor units. */
export interface WeeklySummaryFacts {
  businessName: string;
  currency: string;
  /** Local dates, inclusive (Monday to Sunday). */
  from: string;
  to: string;
  incomeMinor: bigint;
  expenseMinor: bigint;
  netMinor: bigint;
  previous: { incomeMinor: bigint; expenseMinor: bigint; netMinor: bigint };
  topCategories: { name: string; amountMinor: bigint }[];
  overdue: { count: number; amountMinor: bigint };
  url: string;
  preferencesUrl: string;
}

export interface MonthlyReportFacts {
  businessName: string;
  currency: string;
  /** "2026-11" */
  month: string;
  incomeMinor: bigint;
  expenseMinor: bigint;
  profitMinor: bigint;
  topIncome: { name: string; amountMinor: bigint }[];
  topExpenses: { name: string; amountMinor: bigint }[];
  url: string;
  preferencesUrl: string;
}

function money(language: Language, amountMinor: bigint, currency: string): string {
  return formatMoney(amountMinor, currency, { locale: LANGUAGE_LOCALES[language] });
}

function day(language: Language, date: string, withYear = false): string {
  return new Intl.DateTimeFormat(LANGUAGE_LOCALES[language], {
    day: "numeric",
    month: "long",
    ...(withYear ? { year: "numeric" } : {}),
    timeZone: "UTC",
  }).format(new Date(`${date}T00:00:00Z`));
}

function monthName(language: Language, month: string): string {
  return new Intl.DateTimeFormat(LANGUAGE_LOCALES[language], {
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  }).format(new Date(`${month}-01T00:00:00Z`));
}

/** "up 12%" / "down 3%" against last week; nothing to compare with when last week was zero. */
function change(language: Language, now: bigint, before: bigint): string {
  if (before === 0n) return language === "sw" ? "hakuna ya kulinganisha" : "nothing to compare with";
  const percent = Number(((now - before) * 100n) / (before < 0n ? -before : before));
  if (percent === 0) return language === "sw" ? "sawa na wiki iliyopita" : "same as the week before";
  if (language === "sw")
    return percent > 0
      ? `juu kwa ${percent}% kuliko wiki iliyopita`
      : `chini kwa ${-percent}% kuliko wiki iliyopita`;
  return percent > 0 ? `up ${percent}% on the week before` : `down ${-percent}% on the week before`;
}

const WEEKLY_TEXT: Record<
  Language,
  {
    subject: (business: string, range: string) => string;
    heading: (business: string) => string;
    period: (range: string) => string;
    income: string;
    expenses: string;
    net: string;
    topCategories: string;
    noSpending: string;
    overdue: (count: number, amount: string) => string;
    noOverdue: string;
    action: string;
    footnote: string;
  }
> = {
  en: {
    subject: (business, range) => `${business}: your week in numbers (${range})`,
    heading: (business) => `${business} last week`,
    period: (range) => `Here is how the week of ${range} went.`,
    income: "Money in",
    expenses: "Money out",
    net: "Net",
    topCategories: "Where the money went",
    noSpending: "No expenses were recorded this week.",
    overdue: (count, amount) =>
      count === 1
        ? `1 invoice is overdue, with ${amount} still to collect.`
        : `${count} invoices are overdue, with ${amount} still to collect.`,
    noOverdue: "No invoices are overdue.",
    action: "Open KAVI",
    footnote:
      "You get this summary every Monday. Turn it off under Profile → Notifications → Weekly summary.",
  },
  sw: {
    subject: (business, range) => `${business}: wiki yako kwa takwimu (${range})`,
    heading: (business) => `${business} wiki iliyopita`,
    period: (range) => `Hivi ndivyo wiki ya ${range} ilivyokwenda.`,
    income: "Pesa zilizoingia",
    expenses: "Pesa zilizotoka",
    net: "Salio",
    topCategories: "Pesa zilikokwenda",
    noSpending: "Hakuna matumizi yaliyorekodiwa wiki hii.",
    overdue: (count, amount) =>
      count === 1
        ? `Ankara 1 imepita tarehe ya malipo, bado ${amount} hazijalipwa.`
        : `Ankara ${count} zimepita tarehe ya malipo, bado ${amount} hazijalipwa.`,
    noOverdue: "Hakuna ankara iliyopita tarehe ya malipo.",
    action: "Fungua KAVI",
    footnote: "Unapokea muhtasari huu kila Jumatatu. Uzime kwenye Wasifu → Arifa → Muhtasari wa kila wiki.",
  },
};

export function weeklySummaryEmail(facts: WeeklySummaryFacts, language: Language): RenderedEmail {
  const words = WEEKLY_TEXT[language];
  const range = `${day(language, facts.from)} – ${day(language, facts.to, true)}`;
  const amount = (value: bigint) => money(language, value, facts.currency);
  const categories =
    facts.topCategories.length === 0
      ? words.noSpending
      : `${words.topCategories}: ${facts.topCategories.map((c) => `${c.name} ${amount(c.amountMinor)}`).join(" · ")}`;
  const body = renderLayout({
    language,
    preheader: `${words.income} ${amount(facts.incomeMinor)} · ${words.expenses} ${amount(facts.expenseMinor)}`,
    heading: words.heading(facts.businessName),
    paragraphs: [
      words.period(range),
      `${words.income}: ${amount(facts.incomeMinor)} (${change(language, facts.incomeMinor, facts.previous.incomeMinor)})`,
      `${words.expenses}: ${amount(facts.expenseMinor)} (${change(language, facts.expenseMinor, facts.previous.expenseMinor)})`,
      `${words.net}: ${amount(facts.netMinor)} (${change(language, facts.netMinor, facts.previous.netMinor)})`,
      categories,
      facts.overdue.count === 0
        ? words.noOverdue
        : words.overdue(facts.overdue.count, amount(facts.overdue.amountMinor)),
    ],
    action: { label: words.action, url: facts.url },
    footnote: `${words.footnote} ${facts.preferencesUrl}`,
  });
  return { subject: words.subject(facts.businessName, range), ...body };
}

const MONTHLY_TEXT: Record<
  Language,
  {
    subject: (business: string, month: string) => string;
    heading: (month: string) => string;
    intro: (business: string, month: string) => string;
    income: string;
    expenses: string;
    profit: string;
    loss: string;
    topIncome: string;
    topExpenses: string;
    attached: string;
    action: string;
    footnote: string;
  }
> = {
  en: {
    subject: (business, month) => `${business}: profit and loss for ${month}`,
    heading: (month) => `Your report for ${month}`,
    intro: (business, month) => `The profit and loss of ${business} for ${month}, from your books in KAVI.`,
    income: "Income",
    expenses: "Expenses",
    profit: "Profit",
    loss: "Loss",
    topIncome: "Biggest income",
    topExpenses: "Biggest expenses",
    attached: "The full report by category is attached as a PDF.",
    action: "Open reports",
    footnote:
      "You get this report on the 1st of each month as an owner. Turn it off under Profile → Notifications → Monthly report.",
  },
  sw: {
    subject: (business, month) => `${business}: faida na hasara ya ${month}`,
    heading: (month) => `Ripoti yako ya ${month}`,
    intro: (business, month) =>
      `Faida na hasara ya ${business} kwa ${month}, kutoka kwenye hesabu zako za KAVI.`,
    income: "Mapato",
    expenses: "Matumizi",
    profit: "Faida",
    loss: "Hasara",
    topIncome: "Mapato makubwa zaidi",
    topExpenses: "Matumizi makubwa zaidi",
    attached: "Ripoti kamili kwa kila kundi imeambatishwa kama PDF.",
    action: "Fungua ripoti",
    footnote:
      "Unapokea ripoti hii tarehe 1 ya kila mwezi kama mmiliki. Uizime kwenye Wasifu → Arifa → Ripoti ya mwezi.",
  },
};

export function monthlyReportEmail(facts: MonthlyReportFacts, language: Language): RenderedEmail {
  const words = MONTHLY_TEXT[language];
  const month = monthName(language, facts.month);
  const amount = (value: bigint) => money(language, value, facts.currency);
  const list = (label: string, lines: { name: string; amountMinor: bigint }[]) =>
    lines.length === 0
      ? []
      : [`${label}: ${lines.map((l) => `${l.name} ${amount(l.amountMinor)}`).join(" · ")}`];
  const result =
    facts.profitMinor < 0n
      ? `${words.loss}: ${amount(-facts.profitMinor)}`
      : `${words.profit}: ${amount(facts.profitMinor)}`;
  const body = renderLayout({
    language,
    preheader: `${words.income} ${amount(facts.incomeMinor)} · ${result}`,
    heading: words.heading(month),
    paragraphs: [
      words.intro(facts.businessName, month),
      `${words.income}: ${amount(facts.incomeMinor)}`,
      `${words.expenses}: ${amount(facts.expenseMinor)}`,
      result,
      ...list(words.topIncome, facts.topIncome),
      ...list(words.topExpenses, facts.topExpenses),
      words.attached,
    ],
    action: { label: words.action, url: facts.url },
    footnote: `${words.footnote} ${facts.preferencesUrl}`,
  });
  return { subject: words.subject(facts.businessName, month), ...body };
}
