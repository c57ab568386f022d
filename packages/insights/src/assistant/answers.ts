import { parseMoney } from "@kavi/domain";
import { BAND_SW, FACTOR_SW } from "../credit/kiswahili";
import type { ActionCard } from "./actions";
import type {
  InvoiceBrief,
  NamedAmount,
  ToolCall,
  ToolName,
  ToolOutputs,
  TransactionBrief,
} from "./contracts";
import type { Language } from "./language";
import { moneyText, speakableText } from "./money-words";
import type { ParsedQuestion } from "./parse";
import { dayLabel, monthLabel, rangeText } from "./periods";

/** A screen of the app (path under the business) with the filters that show what the card counted. */
export interface CardLink {
  path: string;
  params: Record<string, string>;
  label: string;
}

export interface CardFigure {
  label: string;
  amountMinor: bigint;
  currency: string;
}

export interface CardRow {
  label: string;
  detail: string | null;
  /** The row's amount; null for a row that is not money (then `value` says what it is). */
  amountMinor: bigint | null;
  currency: string;
  link: CardLink | null;
  value?: string | null;
}

/** A figure that is not money (a score, a band), as shown. */
export interface CardStat {
  label: string;
  value: string;
}

/** Where a figure came from: the figure, the period and filters used, a trend when asked, the screen that shows it. */
export interface AnswerCard {
  title: string;
  figures: CardFigure[];
  /** Figures that are not money (absent on cards stored before they existed). */
  stats?: CardStat[];
  count: number | null;
  rows: CardRow[];
  chart: { label: string; amountMinor: bigint }[] | null;
  period: { from: string; to: string; label: string } | null;
  filters: { label: string; value: string }[];
  link: CardLink | null;
  currency: string | null;
  /** A proposed action the person can confirm (absent on cards that only report figures). */
  action?: ActionCard;
}

export interface Answer {
  reply: string;
  /** The reply as read aloud: amounts as words in the answer's language. */
  speech: string;
  cards: AnswerCard[];
  suggestions: string[];
}

type Both = Record<Language, string>;
const say = (language: Language, text: Both) => text[language];

export function answerCard(partial: Partial<AnswerCard> & Pick<AnswerCard, "title">): AnswerCard {
  return {
    figures: [],
    count: null,
    rows: [],
    chart: null,
    period: null,
    filters: [],
    link: null,
    currency: null,
    ...partial,
  };
}

function periodOf(from: string, to: string, language: Language, label?: string) {
  return { from, to, label: label ?? rangeText(from, to, language) };
}

function periodWords(parsed: ParsedQuestion, from: string, to: string): Both {
  return parsed.period
    ? parsed.period.label
    : { en: `from ${rangeText(from, to, "en")}`, sw: `kuanzia ${rangeText(from, to, "sw")}` };
}

const SUGGESTIONS: Record<string, Both[]> = {
  start: [
    { en: "How much did we make last week?", sw: "Tulipata kiasi gani wiki iliyopita?" },
    { en: "Which invoices are overdue?", sw: "Ni ankara gani zimechelewa?" },
    { en: "Who owes us the most?", sw: "Ni mteja gani ana deni kubwa zaidi?" },
    { en: "What did we spend on transport this month?", sw: "Tumetumia kiasi gani kwa mafuta mwezi huu?" },
    { en: "How are my budgets this month?", sw: "Bajeti zangu ziko vipi mwezi huu?" },
    { en: "What is our cash balance?", sw: "Salio letu la pesa ni kiasi gani?" },
  ],
  period_summary: [
    { en: "What did we spend most on this month?", sw: "Tumetumia zaidi kwa nini mwezi huu?" },
    { en: "Who are our top customers this month?", sw: "Wateja wetu bora mwezi huu ni nani?" },
    { en: "What was our profit last month?", sw: "Faida yetu mwezi uliopita ilikuwa kiasi gani?" },
  ],
  spend_by_category: [
    { en: "How is my budget for stock?", sw: "Bajeti yangu ya bidhaa iko vipi?" },
    { en: "What did we spend last month?", sw: "Matumizi yetu mwezi uliopita yalikuwa kiasi gani?" },
    { en: "Which suppliers did we pay most this month?", sw: "Msambazaji gani tulimlipa zaidi mwezi huu?" },
  ],
  income_by_customer: [
    { en: "Who owes us the most?", sw: "Ni mteja gani ana deni kubwa zaidi?" },
    { en: "Show M-Pesa payments this month", sw: "Nionyeshe malipo ya M-Pesa mwezi huu" },
    { en: "How much did we make this month?", sw: "Tumepata kiasi gani mwezi huu?" },
  ],
  spend_by_supplier: [
    { en: "What did we spend most on this month?", sw: "Tumetumia zaidi kwa nini mwezi huu?" },
    { en: "What were our expenses last month?", sw: "Matumizi yetu mwezi uliopita yalikuwa kiasi gani?" },
  ],
  top_debtors: [
    { en: "Which invoices are overdue?", sw: "Ni ankara gani zimechelewa?" },
    { en: "Who are our top customers this year?", sw: "Wateja wetu bora mwaka huu ni nani?" },
  ],
  invoice_lookup: [
    { en: "Which invoices are overdue?", sw: "Ni ankara gani zimechelewa?" },
    { en: "Who owes us the most?", sw: "Ni mteja gani ana deni kubwa zaidi?" },
  ],
  overdue_invoices: [
    { en: "Who owes us the most?", sw: "Ni mteja gani ana deni kubwa zaidi?" },
    { en: "Show M-Pesa payments this week", sw: "Nionyeshe malipo ya M-Pesa wiki hii" },
  ],
  budget_status: [
    { en: "What did we spend most on this month?", sw: "Tumetumia zaidi kwa nini mwezi huu?" },
    { en: "How did budgets do last month?", sw: "Bajeti zilikuwaje mwezi uliopita?" },
  ],
  cash_balance: [
    { en: "How much did we make this month?", sw: "Tumepata kiasi gani mwezi huu?" },
    { en: "What were our expenses this month?", sw: "Matumizi yetu mwezi huu ni kiasi gani?" },
  ],
  cash_forecast: [
    { en: "What is our cash balance?", sw: "Salio letu la pesa ni kiasi gani?" },
    { en: "Which invoices are overdue?", sw: "Ni ankara gani zimechelewa?" },
    { en: "What were our expenses this month?", sw: "Matumizi yetu mwezi huu ni kiasi gani?" },
  ],
  credit_score: [
    { en: "Which invoices are overdue?", sw: "Ni ankara gani zimechelewa?" },
    {
      en: "Will we have enough cash at the end of the month?",
      sw: "Tutakuwa na pesa za kutosha mwisho wa mwezi?",
    },
    { en: "What was our profit last month?", sw: "Faida yetu mwezi uliopita ilikuwa kiasi gani?" },
  ],
  mpesa_payments: [
    { en: "Who are our top customers this month?", sw: "Wateja wetu bora mwezi huu ni nani?" },
    { en: "Which invoices are overdue?", sw: "Ni ankara gani zimechelewa?" },
  ],
  transaction_search: [
    { en: "What did we spend most on this month?", sw: "Tumetumia zaidi kwa nini mwezi huu?" },
    { en: "How much did we make this week?", sw: "Tumepata kiasi gani wiki hii?" },
  ],
};

export function suggestionsFor(key: string, language: Language): string[] {
  return (SUGGESTIONS[key] ?? SUGGESTIONS.start ?? []).map((item) => item[language]);
}

function transactionsLink(params: Record<string, string | null | undefined>, label: string): CardLink {
  return {
    path: "transactions",
    params: Object.fromEntries(
      Object.entries(params).filter((entry): entry is [string, string] => !!entry[1]),
    ),
    label,
  };
}

const OPEN_LABEL: Both = { en: "Open transactions", sw: "Fungua miamala" };

function namedRows(
  items: NamedAmount[],
  currency: string,
  linkFor: (item: NamedAmount) => CardLink | null,
): CardRow[] {
  return items.map((item) => ({
    label: item.name,
    detail: null,
    amountMinor: item.amountMinor,
    currency,
    link: linkFor(item),
  }));
}

function invoiceRow(invoice: InvoiceBrief, language: Language): CardRow {
  const detail =
    invoice.daysOverdue > 0
      ? say(language, {
          en: `${invoice.customerName} · ${invoice.daysOverdue} days overdue`,
          sw: `${invoice.customerName} · siku ${invoice.daysOverdue} za kuchelewa`,
        })
      : invoice.customerName;
  return {
    label: invoice.invoiceNumber,
    detail,
    amountMinor: invoice.balanceDueMinor,
    currency: invoice.currency,
    link: { path: `invoices/${invoice.id}`, params: {}, label: invoice.invoiceNumber },
  };
}

function transactionRow(item: TransactionBrief, currency: string): CardRow {
  return {
    label: item.description ?? item.counterparty ?? item.categoryName ?? item.type,
    detail: [item.date, item.counterparty, item.categoryName].filter(Boolean).join(" · "),
    amountMinor: item.amountMinor,
    currency,
    link: null,
  };
}

function list(names: string[], language: Language): string {
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} ${language === "sw" ? "na" : "and"} ${names.at(-1)}`;
}

type Composed = Omit<Answer, "speech" | "suggestions"> & { suggestionKey: string };

function compose<N extends ToolName>(name: N, output: ToolOutputs[N], parsed: ParsedQuestion): Composed {
  const l = parsed.language;
  switch (name) {
    case "period_summary": {
      const o = output as ToolOutputs["period_summary"];
      const when = say(l, periodWords(parsed, o.from, o.to));
      const income = moneyText(o.incomeMinor, o.currency);
      const expenses = moneyText(o.expenseMinor, o.currency);
      const net = moneyText(o.netMinor, o.currency);
      const loss = o.netMinor < 0n;
      const reply =
        parsed.focus === "income"
          ? say(l, {
              en: `You made ${income} in income ${when}. Expenses were ${expenses}, so ${loss ? "the loss" : "profit"} was ${net}.`,
              sw: `Mapato yenu ${when} ni ${income}. Matumizi yalikuwa ${expenses}, kwa hiyo ${loss ? "hasara" : "faida"} ni ${net}.`,
            })
          : parsed.focus === "expense"
            ? say(l, {
                en: `You spent ${expenses} ${when}, against ${income} of income.`,
                sw: `Matumizi yenu ${when} ni ${expenses}, dhidi ya mapato ya ${income}.`,
              })
            : say(l, {
                en: `${loss ? "Loss" : "Profit"} ${when} was ${net}: income ${income} less expenses ${expenses}.`,
                sw: `${loss ? "Hasara" : "Faida"} ${when} ni ${net}: mapato ${income} kutoa matumizi ${expenses}.`,
              });
      const trend = o.series.length > 1;
      return {
        reply,
        suggestionKey: "period_summary",
        cards: [
          answerCard({
            title: say(l, { en: "Income and expenses", sw: "Mapato na matumizi" }),
            figures: [
              {
                label: say(l, { en: "Income", sw: "Mapato" }),
                amountMinor: o.incomeMinor,
                currency: o.currency,
              },
              {
                label: say(l, { en: "Expenses", sw: "Matumizi" }),
                amountMinor: o.expenseMinor,
                currency: o.currency,
              },
              {
                label: say(l, loss ? { en: "Loss", sw: "Hasara" } : { en: "Profit", sw: "Faida" }),
                amountMinor: o.netMinor,
                currency: o.currency,
              },
            ],
            chart: trend
              ? o.series.map((point) => ({
                  label: point.bucket,
                  amountMinor:
                    parsed.focus === "expense"
                      ? point.expenseMinor
                      : parsed.focus === "net"
                        ? point.incomeMinor - point.expenseMinor
                        : point.incomeMinor,
                }))
              : null,
            period: periodOf(o.from, o.to, l),
            filters: [
              {
                label: say(l, { en: "Status", sw: "Hali" }),
                value: say(l, { en: "Completed", sw: "Zilizokamilika" }),
              },
            ],
            link: transactionsLink({ from: o.from, to: o.to, status: "completed" }, say(l, OPEN_LABEL)),
            currency: o.currency,
          }),
        ],
      };
    }
    case "spend_by_category": {
      const o = output as ToolOutputs["spend_by_category"];
      const when = say(l, periodWords(parsed, o.from, o.to));
      const total = moneyText(o.totalMinor, o.currency);
      const isIncome = o.type === "income";
      let reply: string;
      if (o.category) {
        reply = isIncome
          ? say(l, {
              en: `Income from ${o.category.name} ${when} was ${total}.`,
              sw: `Mapato ya ${o.category.name} ${when} ni ${total}.`,
            })
          : say(l, {
              en: `You spent ${total} on ${o.category.name} ${when}.`,
              sw: `Mlitumia ${total} kwa ${o.category.name} ${when}.`,
            });
        if (o.items[0]?.count !== undefined) {
          reply += say(l, {
            en: ` That is ${o.items[0]?.count ?? 0} transaction${(o.items[0]?.count ?? 0) === 1 ? "" : "s"}.`,
            sw: ` Ni miamala ${o.items[0]?.count ?? 0}.`,
          });
        }
      } else if (o.items.length === 0) {
        reply = say(l, {
          en: `There were no ${isIncome ? "income" : "expenses"} ${when}.`,
          sw: `Hakukuwa na ${isIncome ? "mapato" : "matumizi"} ${when}.`,
        });
      } else {
        const top = o.items
          .slice(0, 3)
          .map((item) => `${item.name} (${moneyText(item.amountMinor, o.currency)})`);
        reply = say(l, {
          en: `${isIncome ? "Income" : "Spending"} ${when} was ${total}. The biggest: ${list(top, l)}.`,
          sw: `${isIncome ? "Mapato" : "Matumizi"} ${when} ni ${total}. Makubwa zaidi: ${list(top, l)}.`,
        });
      }
      return {
        reply,
        suggestionKey: "spend_by_category",
        cards: [
          answerCard({
            title:
              o.category?.name ??
              say(
                l,
                isIncome
                  ? { en: "Income by category", sw: "Mapato kwa aina" }
                  : { en: "Spending by category", sw: "Matumizi kwa aina" },
              ),
            figures: [
              {
                label: say(l, { en: "Total", sw: "Jumla" }),
                amountMinor: o.totalMinor,
                currency: o.currency,
              },
            ],
            count: o.category ? (o.items[0]?.count ?? 0) : null,
            rows: o.category
              ? []
              : namedRows(o.items.slice(0, 8), o.currency, (item) =>
                  item.id
                    ? transactionsLink(
                        { type: o.type, category: item.id, from: o.from, to: o.to, status: "completed" },
                        item.name,
                      )
                    : null,
                ),
            period: periodOf(o.from, o.to, l),
            filters: [
              {
                label: say(l, { en: "Type", sw: "Aina" }),
                value: say(l, isIncome ? { en: "Income", sw: "Mapato" } : { en: "Expense", sw: "Matumizi" }),
              },
              ...(o.category
                ? [{ label: say(l, { en: "Category", sw: "Kundi" }), value: o.category.name }]
                : []),
            ],
            link: transactionsLink(
              { type: o.type, category: o.category?.id, from: o.from, to: o.to, status: "completed" },
              say(l, OPEN_LABEL),
            ),
            currency: o.currency,
          }),
        ],
      };
    }
    case "income_by_customer":
    case "spend_by_supplier": {
      const customers = name === "income_by_customer";
      const o = output as ToolOutputs["income_by_customer"] & ToolOutputs["spend_by_supplier"];
      const one = customers ? o.customer : o.supplier;
      const when = say(l, periodWords(parsed, o.from, o.to));
      const total = moneyText(o.totalMinor, o.currency);
      let reply: string;
      if (one) {
        const count = o.items[0]?.count ?? 0;
        reply = customers
          ? say(l, {
              en: `${one.name} paid you ${total} ${when} (${count} payment${count === 1 ? "" : "s"}).`,
              sw: `${one.name} aliwalipa ${total} ${when} (malipo ${count}).`,
            })
          : say(l, {
              en: `You paid ${one.name} ${total} ${when} (${count} payment${count === 1 ? "" : "s"}).`,
              sw: `Mlimlipa ${one.name} ${total} ${when} (malipo ${count}).`,
            });
      } else if (o.items.length === 0) {
        reply = customers
          ? say(l, {
              en: `No customer payments were recorded ${when}.`,
              sw: `Hakuna malipo ya wateja yaliyorekodiwa ${when}.`,
            })
          : say(l, {
              en: `No supplier payments were recorded ${when}.`,
              sw: `Hakuna malipo kwa wasambazaji yaliyorekodiwa ${when}.`,
            });
      } else {
        const first = o.items[0] as NamedAmount;
        const top = o.items
          .slice(0, 3)
          .map((item) => `${item.name} (${moneyText(item.amountMinor, o.currency)})`);
        reply = customers
          ? say(l, {
              en: `Your top customer ${when} was ${first.name} with ${moneyText(first.amountMinor, o.currency)}. Top ${top.length}: ${list(top, l)}.`,
              sw: `Mteja wenu bora ${when} ni ${first.name} kwa ${moneyText(first.amountMinor, o.currency)}. Bora ${top.length}: ${list(top, l)}.`,
            })
          : say(l, {
              en: `You paid ${first.name} the most ${when}: ${moneyText(first.amountMinor, o.currency)}. Top ${top.length}: ${list(top, l)}.`,
              sw: `Mlimlipa ${first.name} zaidi ${when}: ${moneyText(first.amountMinor, o.currency)}. Bora ${top.length}: ${list(top, l)}.`,
            });
      }
      const filterKey = customers ? "customer" : "supplier";
      return {
        reply,
        suggestionKey: name,
        cards: [
          answerCard({
            title:
              one?.name ??
              say(
                l,
                customers
                  ? { en: "Top customers", sw: "Wateja bora" }
                  : { en: "Top suppliers", sw: "Wasambazaji wakubwa" },
              ),
            figures: [
              {
                label: say(
                  l,
                  customers ? { en: "Received", sw: "Yaliyopokelewa" } : { en: "Paid", sw: "Yaliyolipwa" },
                ),
                amountMinor: one ? o.totalMinor : (o.items[0]?.amountMinor ?? 0n),
                currency: o.currency,
              },
            ],
            count: one ? (o.items[0]?.count ?? 0) : null,
            rows: one
              ? []
              : namedRows(o.items, o.currency, (item) =>
                  item.id
                    ? transactionsLink(
                        {
                          [filterKey]: item.id,
                          type: customers ? "income" : "expense",
                          from: o.from,
                          to: o.to,
                          status: "completed",
                        },
                        item.name,
                      )
                    : null,
                ),
            period: periodOf(o.from, o.to, l),
            filters: one
              ? [
                  {
                    label: say(
                      l,
                      customers ? { en: "Customer", sw: "Mteja" } : { en: "Supplier", sw: "Msambazaji" },
                    ),
                    value: one.name,
                  },
                ]
              : [],
            link: transactionsLink(
              {
                [filterKey]: one?.id,
                type: customers ? "income" : "expense",
                from: o.from,
                to: o.to,
                status: "completed",
              },
              say(l, OPEN_LABEL),
            ),
            currency: o.currency,
          }),
        ],
      };
    }
    case "top_debtors": {
      const o = output as ToolOutputs["top_debtors"];
      const total = moneyText(o.totalMinor, o.currency);
      let reply: string;
      if (o.customer) {
        const owed = o.items[0];
        reply =
          owed && owed.amountMinor > 0n
            ? say(l, {
                en: `${o.customer.name} owes you ${moneyText(owed.amountMinor, o.currency)} on ${owed.openInvoices} open invoice${owed.openInvoices === 1 ? "" : "s"}.`,
                sw: `${o.customer.name} anadaiwa ${moneyText(owed.amountMinor, o.currency)} kwa ankara ${owed.openInvoices} zilizo wazi.`,
              })
            : say(l, {
                en: `${o.customer.name} owes you nothing on open invoices.`,
                sw: `${o.customer.name} hana deni kwenye ankara zilizo wazi.`,
              });
      } else if (o.items.length === 0) {
        reply = say(l, {
          en: "Nobody owes you anything on open invoices.",
          sw: "Hakuna mteja anayedaiwa kwenye ankara zilizo wazi.",
        });
      } else {
        const first = o.items[0] as NamedAmount;
        reply = say(l, {
          en: `${first.name} owes you the most: ${moneyText(first.amountMinor, o.currency)}. Customers owe ${total} in all.`,
          sw: `${first.name} ana deni kubwa zaidi: ${moneyText(first.amountMinor, o.currency)}. Wateja wanadaiwa ${total} kwa jumla.`,
        });
      }
      return {
        reply,
        suggestionKey: "top_debtors",
        cards: [
          answerCard({
            title: o.customer?.name ?? say(l, { en: "Who owes you", sw: "Wanaodaiwa" }),
            figures: [
              {
                label: say(l, { en: "Owed on open invoices", sw: "Deni kwenye ankara zilizo wazi" }),
                amountMinor: o.customer ? (o.items[0]?.amountMinor ?? 0n) : o.totalMinor,
                currency: o.currency,
              },
            ],
            rows: o.customer
              ? []
              : o.items.map((item) => ({
                  label: item.name,
                  detail: say(l, {
                    en: `${item.openInvoices} open invoice${item.openInvoices === 1 ? "" : "s"}`,
                    sw: `ankara ${item.openInvoices} zilizo wazi`,
                  }),
                  amountMinor: item.amountMinor,
                  currency: o.currency,
                  link: item.id ? { path: `customers/${item.id}`, params: {}, label: item.name } : null,
                })),
            filters: [
              {
                label: say(l, { en: "Invoices", sw: "Ankara" }),
                value: say(l, { en: "Open", sw: "Zilizo wazi" }),
              },
            ],
            link: {
              path: "invoices",
              params: { status: "open", ...(o.customer ? { q: o.customer.name } : {}) },
              label: say(l, { en: "Open invoices", sw: "Fungua ankara" }),
            },
            currency: o.currency,
          }),
        ],
      };
    }
    case "invoice_lookup": {
      const o = output as ToolOutputs["invoice_lookup"];
      if (!o.invoice) {
        return {
          reply: say(l, {
            en: `I couldn't find invoice ${o.invoiceNumber}.`,
            sw: `Sikupata ankara ${o.invoiceNumber}.`,
          }),
          suggestionKey: "invoice_lookup",
          cards: [],
        };
      }
      const i = o.invoice;
      const balance = moneyText(i.balanceDueMinor, i.currency);
      const reply =
        i.balanceDueMinor === 0n
          ? say(l, {
              en: `${i.invoiceNumber} for ${i.customerName} (${moneyText(i.totalMinor, i.currency)}) is ${i.status.replace("_", " ")}; nothing is due.`,
              sw: `${i.invoiceNumber} ya ${i.customerName} (${moneyText(i.totalMinor, i.currency)}) iko ${i.status.replace("_", " ")}; hakuna kinachodaiwa.`,
            })
          : say(l, {
              en: `${i.invoiceNumber} for ${i.customerName}: ${balance} still due of ${moneyText(i.totalMinor, i.currency)}, due on ${i.dueDate}${i.daysOverdue > 0 ? ` (${i.daysOverdue} days overdue)` : ""}.`,
              sw: `${i.invoiceNumber} ya ${i.customerName}: ${balance} bado inadaiwa kati ya ${moneyText(i.totalMinor, i.currency)}, tarehe ya mwisho ${i.dueDate}${i.daysOverdue > 0 ? ` (imechelewa siku ${i.daysOverdue})` : ""}.`,
            });
      return {
        reply,
        suggestionKey: "invoice_lookup",
        cards: [
          answerCard({
            title: i.invoiceNumber,
            figures: [
              {
                label: say(l, { en: "Total", sw: "Jumla" }),
                amountMinor: i.totalMinor,
                currency: i.currency,
              },
              {
                label: say(l, { en: "Balance due", sw: "Kinachodaiwa" }),
                amountMinor: i.balanceDueMinor,
                currency: i.currency,
              },
            ],
            filters: [{ label: say(l, { en: "Customer", sw: "Mteja" }), value: i.customerName }],
            link: {
              path: `invoices/${i.id}`,
              params: {},
              label: say(l, { en: "Open invoice", sw: "Fungua ankara" }),
            },
            currency: i.currency,
          }),
        ],
      };
    }
    case "overdue_invoices": {
      const o = output as ToolOutputs["overdue_invoices"];
      const reply =
        o.count === 0
          ? say(l, { en: "No invoices are overdue.", sw: "Hakuna ankara iliyochelewa." })
          : say(l, {
              en: `${o.count} invoice${o.count === 1 ? " is" : "s are"} overdue, ${moneyText(o.totalMinor, o.currency)} in all. The oldest: ${o.items
                .slice(0, 3)
                .map(
                  (i) =>
                    `${i.invoiceNumber} (${i.customerName}, ${moneyText(i.balanceDueMinor, i.currency)})`,
                )
                .join(", ")}.`,
              sw: `Ankara ${o.count} zimechelewa, jumla ${moneyText(o.totalMinor, o.currency)}. Za zamani zaidi: ${o.items
                .slice(0, 3)
                .map(
                  (i) =>
                    `${i.invoiceNumber} (${i.customerName}, ${moneyText(i.balanceDueMinor, i.currency)})`,
                )
                .join(", ")}.`,
            });
      return {
        reply,
        suggestionKey: "overdue_invoices",
        cards: [
          answerCard({
            title: say(l, { en: "Overdue invoices", sw: "Ankara zilizochelewa" }),
            figures: [
              {
                label: say(l, { en: "Overdue", sw: "Zilizochelewa" }),
                amountMinor: o.totalMinor,
                currency: o.currency,
              },
            ],
            count: o.count,
            rows: o.items.map((invoice) => invoiceRow(invoice, l)),
            filters: [
              {
                label: say(l, { en: "Status", sw: "Hali" }),
                value: say(l, { en: "Overdue", sw: "Zilizochelewa" }),
              },
            ],
            link: {
              path: "invoices",
              params: { status: "overdue" },
              label: say(l, { en: "Open overdue invoices", sw: "Fungua ankara zilizochelewa" }),
            },
            currency: o.currency,
          }),
        ],
      };
    }
    case "budget_status": {
      const o = output as ToolOutputs["budget_status"];
      const month = monthLabel(`${o.month}-01`, l);
      let reply: string;
      if (o.items.length === 0) {
        reply = parsed.category
          ? say(l, {
              en: `There is no budget for ${parsed.category.name} in ${month}.`,
              sw: `Hakuna bajeti ya ${parsed.category.name} kwa ${month}.`,
            })
          : say(l, { en: `There are no budgets for ${month}.`, sw: `Hakuna bajeti za ${month}.` });
      } else if (o.items.length === 1 || parsed.category) {
        const b = o.items[0] as ToolOutputs["budget_status"]["items"][number];
        const pct = Math.round(b.usedBps / 100);
        reply =
          b.status === "over"
            ? say(l, {
                en: `${b.categoryName} is over budget for ${month}: ${moneyText(b.actualMinor, o.currency)} spent of ${moneyText(b.amountMinor, o.currency)} (${pct}%).`,
                sw: `${b.categoryName} imezidi bajeti ya ${month}: ${moneyText(b.actualMinor, o.currency)} zimetumika kati ya ${moneyText(b.amountMinor, o.currency)} (${pct}%).`,
              })
            : say(l, {
                en: `${b.categoryName}: ${moneyText(b.actualMinor, o.currency)} spent of ${moneyText(b.amountMinor, o.currency)} for ${month} (${pct}%), ${moneyText(b.remainingMinor, o.currency)} left.`,
                sw: `${b.categoryName}: ${moneyText(b.actualMinor, o.currency)} zimetumika kati ya ${moneyText(b.amountMinor, o.currency)} kwa ${month} (${pct}%), zimebaki ${moneyText(b.remainingMinor, o.currency)}.`,
              });
      } else {
        const over = o.items.filter((item) => item.status === "over").map((item) => item.categoryName);
        const warning = o.items.filter((item) => item.status === "warning").map((item) => item.categoryName);
        reply = say(l, {
          en: `${o.items.length} budgets for ${month}: ${over.length ? `over budget: ${list(over, l)}` : "none over budget"}${warning.length ? `; close to the limit: ${list(warning, l)}` : ""}.`,
          sw: `Bajeti ${o.items.length} za ${month}: ${over.length ? `zilizozidi: ${list(over, l)}` : "hakuna iliyozidi"}${warning.length ? `; zinazokaribia kikomo: ${list(warning, l)}` : ""}.`,
        });
      }
      return {
        reply,
        suggestionKey: "budget_status",
        cards: [
          answerCard({
            title: say(l, { en: `Budgets, ${month}`, sw: `Bajeti, ${month}` }),
            rows: o.items.map((item) => ({
              label: item.categoryName,
              detail: say(l, {
                en: `${Math.round(item.usedBps / 100)}% of ${moneyText(item.amountMinor, o.currency)}`,
                sw: `${Math.round(item.usedBps / 100)}% ya ${moneyText(item.amountMinor, o.currency)}`,
              }),
              amountMinor: item.actualMinor,
              currency: o.currency,
              link: null,
            })),
            filters: [{ label: say(l, { en: "Month", sw: "Mwezi" }), value: month }],
            link: {
              path: "budgets",
              params: { month: o.month },
              label: say(l, { en: "Open budgets", sw: "Fungua bajeti" }),
            },
            currency: o.currency,
          }),
        ],
      };
    }
    case "cash_balance": {
      const o = output as ToolOutputs["cash_balance"];
      return {
        reply: say(l, {
          en: `Your cash balance today is ${moneyText(o.balanceMinor, o.currency)}.`,
          sw: `Salio lenu la pesa leo ni ${moneyText(o.balanceMinor, o.currency)}.`,
        }),
        suggestionKey: "cash_balance",
        cards: [
          answerCard({
            title: say(l, { en: "Cash balance", sw: "Salio la pesa" }),
            figures: [
              {
                label: say(l, { en: "Balance", sw: "Salio" }),
                amountMinor: o.balanceMinor,
                currency: o.currency,
              },
            ],
            period: periodOf(o.asOf, o.asOf, l),
            link: {
              path: "cash-flow",
              params: {},
              label: say(l, { en: "Open cash flow", sw: "Fungua mtiririko wa pesa" }),
            },
            currency: o.currency,
          }),
        ],
      };
    }
    case "cash_forecast":
      return forecastAnswer(output as ToolOutputs["cash_forecast"], l);
    case "credit_score":
      return creditAnswer(output as ToolOutputs["credit_score"], l);
    case "mpesa_payments":
    case "transaction_search": {
      const o = output as ToolOutputs["transaction_search"] & {
        customer?: { id: string; name: string } | null;
      };
      const mpesa = name === "mpesa_payments";
      const when = o.from && o.to ? say(l, periodWords(parsed, o.from, o.to)) : "";
      const total = moneyText(o.totalMinor, o.currency);
      const from = o.customer
        ? say(l, { en: ` from ${o.customer.name}`, sw: ` kutoka kwa ${o.customer.name}` })
        : "";
      const reply = mpesa
        ? o.count === 0
          ? say(l, {
              en: `No M-Pesa payments${from} ${when}.`,
              sw: `Hakuna malipo ya M-Pesa${from} ${when}.`,
            })
          : say(l, {
              en: `${o.count} M-Pesa payment${o.count === 1 ? "" : "s"}${from} ${when}, ${total} in all.`,
              sw: `Malipo ${o.count} ya M-Pesa${from} ${when}, jumla ${total}.`,
            })
        : o.count === 0
          ? say(l, {
              en: `No transactions match${when ? ` ${when}` : ""}.`,
              sw: `Hakuna miamala inayolingana${when ? ` ${when}` : ""}.`,
            })
          : say(l, {
              en: `${o.count} transaction${o.count === 1 ? "" : "s"} match${when ? ` ${when}` : ""}, ${total} in all.`,
              sw: `Miamala ${o.count} inalingana${when ? ` ${when}` : ""}, jumla ${total}.`,
            });
      const call = parsed;
      const linkParams = mpesa
        ? {
            method: "mpesa",
            type: "income",
            status: "completed",
            customer: o.customer?.id,
            from: o.from,
            to: o.to,
          }
        : {
            type: call.focus === "income" || call.focus === "expense" ? call.focus : null,
            category: call.category?.id,
            customer: call.customer?.id,
            supplier: call.supplier?.id,
            method: call.paymentMethod,
            min: call.minAmount,
            status: "completed",
            from: o.from,
            to: o.to,
          };
      return {
        reply: reply
          .replace(/\s+\./g, ".")
          .replace(/\s+,/g, ",")
          .replace(/\s{2,}/g, " "),
        suggestionKey: name,
        cards: [
          answerCard({
            title: mpesa
              ? say(l, { en: "M-Pesa payments", sw: "Malipo ya M-Pesa" })
              : say(l, { en: "Transactions", sw: "Miamala" }),
            figures: [
              {
                label: say(l, { en: "Total", sw: "Jumla" }),
                amountMinor: o.totalMinor,
                currency: o.currency,
              },
            ],
            count: o.count,
            rows: o.items.map((item) => transactionRow(item, o.currency)),
            period: o.from && o.to ? periodOf(o.from, o.to, l) : null,
            filters: [
              ...(mpesa ? [{ label: say(l, { en: "Method", sw: "Njia" }), value: "M-Pesa" }] : []),
              ...(o.customer || call.customer
                ? [
                    {
                      label: say(l, { en: "Customer", sw: "Mteja" }),
                      value: (o.customer ?? call.customer)?.name ?? "",
                    },
                  ]
                : []),
              ...(!mpesa && call.supplier
                ? [{ label: say(l, { en: "Supplier", sw: "Msambazaji" }), value: call.supplier.name }]
                : []),
              ...(!mpesa && call.category
                ? [{ label: say(l, { en: "Category", sw: "Kundi" }), value: call.category.name }]
                : []),
              ...(!mpesa && call.minAmount
                ? [
                    {
                      label: say(l, { en: "At least", sw: "Angalau" }),
                      value: moneyText(parseMoney(call.minAmount, o.currency), o.currency),
                    },
                  ]
                : []),
            ],
            link: transactionsLink(linkParams, say(l, OPEN_LABEL)),
            currency: o.currency,
          }),
        ],
      };
    }
  }
}

const CASH_FLOW_LINK: Both = { en: "Open cash flow", sw: "Fungua mtiririko wa pesa" };

function forecastAnswer(o: ToolOutputs["cash_forecast"], l: Language): Composed {
  const link = { path: "cash-flow", params: {}, label: say(l, CASH_FLOW_LINK) };
  const title = say(l, { en: "Cash forecast", sw: "Utabiri wa pesa" });
  if (!o.available) {
    return {
      reply: say(l, {
        en: `There isn't enough history for a cash forecast yet: KAVI needs about two weeks of money in and out, and your books have ${o.historyDays} days. I can tell you today's cash balance instead.`,
        sw: `Bado hakuna historia ya kutosha kwa utabiri wa pesa: KAVI inahitaji mapato na matumizi ya takriban wiki mbili, na rekodi zenu zina siku ${o.historyDays}. Naweza kukuambia salio la leo badala yake.`,
      }),
      suggestionKey: "cash_forecast",
      cards: [answerCard({ title, link })],
    };
  }
  const money = (value: bigint) => moneyText(value, o.currency);
  const on = dayLabel(o.to, l);
  const lowestOn = dayLabel(o.lowest.day, l);
  const expected = say(l, {
    en: `By ${on} your cash is expected to be ${money(o.balanceMinor)} (likely between ${money(o.lowMinor)} and ${money(o.highMinor)}).`,
    sw: `Kufikia ${on} pesa zenu zinatarajiwa kuwa ${money(o.balanceMinor)} (huenda kati ya ${money(o.lowMinor)} na ${money(o.highMinor)}).`,
  });
  const lowest =
    o.lowest.day === o.to
      ? say(l, {
          en: ` That is the lowest point before then.`,
          sw: ` Hicho ndicho kiwango cha chini kabisa hadi siku hiyo.`,
        })
      : say(l, {
          en: ` The lowest point is ${money(o.lowest.balanceMinor)}, around ${lowestOn}.`,
          sw: ` Kiwango cha chini kabisa ni ${money(o.lowest.balanceMinor)}, karibu ${lowestOn}.`,
        });
  let reply: string;
  if (o.belowThreshold && o.thresholdMinor !== null) {
    reply =
      say(l, {
        en: `Cash is expected to fall below your alert level of ${money(o.thresholdMinor)} around ${dayLabel(o.belowThreshold.day, l)}. `,
        sw: `Pesa zinatarajiwa kushuka chini ya kiwango chenu cha tahadhari cha ${money(o.thresholdMinor)} karibu ${dayLabel(o.belowThreshold.day, "sw")}. `,
      }) +
      expected +
      lowest;
  } else if (o.lowest.balanceMinor < 0n) {
    reply =
      say(l, {
        en: "It will be tight: the balance is expected to go below zero. ",
        sw: "Itakuwa ngumu: salio linatarajiwa kushuka chini ya sifuri. ",
      }) +
      expected +
      lowest;
  } else {
    reply = say(l, { en: "Yes, it looks enough. ", sw: "Ndiyo, inaonekana zitatosha. " }) + expected + lowest;
  }
  return {
    reply,
    suggestionKey: "cash_forecast",
    cards: [
      answerCard({
        title,
        figures: [
          {
            label: say(l, {
              en: `Expected on ${rangeText(o.to, o.to, l)}`,
              sw: `Inatarajiwa ${rangeText(o.to, o.to, l)}`,
            }),
            amountMinor: o.balanceMinor,
            currency: o.currency,
          },
          {
            label: say(l, { en: "Lowest point", sw: "Kiwango cha chini" }),
            amountMinor: o.lowest.balanceMinor,
            currency: o.currency,
          },
          {
            label: say(l, { en: "Today", sw: "Leo" }),
            amountMinor: o.startBalanceMinor,
            currency: o.currency,
          },
        ],
        chart:
          o.points.length > 1
            ? o.points.map((point) => ({ label: point.day, amountMinor: point.balanceMinor }))
            : null,
        period: periodOf(o.asOf, o.to, l),
        filters: [
          {
            label: say(l, { en: "Likely range", sw: "Kiwango kinachowezekana" }),
            value: `${money(o.lowMinor)} – ${money(o.highMinor)}`,
          },
          {
            label: say(l, { en: "Lowest on", sw: "Chini kabisa" }),
            value: rangeText(o.lowest.day, o.lowest.day, l),
          },
        ],
        link,
        currency: o.currency,
      }),
    ],
  };
}

function creditAnswer(o: ToolOutputs["credit_score"], l: Language): Composed {
  const link = {
    path: "credit-score",
    params: {},
    label: say(l, { en: "Open credit score", sw: "Fungua alama ya mkopo" }),
  };
  const title = say(l, { en: "Credit score", sw: "Alama ya mkopo" });
  if (o.status !== "scored" || o.score === null) {
    return {
      reply: say(l, {
        en: `There isn't enough history for a credit score yet: it needs ${o.requiredMonths} months of books. Keep recording money in and out and the score appears then.`,
        sw: `Bado hakuna historia ya kutosha kwa alama ya mkopo: inahitaji rekodi za miezi ${o.requiredMonths}. Endeleeni kurekodi mapato na matumizi, na alama itaonekana.`,
      }),
      suggestionKey: "credit_score",
      cards: [answerCard({ title, link })],
    };
  }
  const band = o.band ? (l === "sw" ? (BAND_SW[o.band] ?? o.band) : o.band) : null;
  const top = o.reasons.slice(0, 3);
  const labelOf = (reason: (typeof top)[number]) =>
    l === "sw" ? (FACTOR_SW[reason.key]?.label ?? reason.label) : reason.label;
  const tipOf = (reason: (typeof top)[number]) =>
    l === "sw" ? (FACTOR_SW[reason.key]?.suggestion ?? reason.suggestion) : reason.suggestion;
  const tips = top.map(tipOf).filter((tip): tip is string => !!tip);
  const score = say(l, {
    en: `Your credit score is ${o.score} out of ${o.maxScore}${band ? ` (${band})` : ""}.`,
    sw: `Alama yenu ya mkopo ni ${o.score} kati ya ${o.maxScore}${band ? ` (${band})` : ""}.`,
  });
  const improve =
    top.length === 0
      ? say(l, {
          en: " Nothing holds it back much: keep your books complete and up to date.",
          sw: " Hakuna kinachoishusha sana: endeleeni kuweka rekodi kamili na za kisasa.",
        })
      : say(l, {
          en: ` What holds it back most: ${list(top.map(labelOf), l)}. To raise it: ${tips.join(" ")}`,
          sw: ` Kinachoishusha zaidi: ${list(top.map(labelOf), l)}. Ili kuipandisha: ${tips.join(" ")}`,
        });
  return {
    reply: score + improve,
    suggestionKey: "credit_score",
    cards: [
      answerCard({
        title,
        stats: [
          { label: say(l, { en: "Score", sw: "Alama" }), value: `${o.score} / ${o.maxScore}` },
          ...(band ? [{ label: say(l, { en: "Band", sw: "Kiwango" }), value: band }] : []),
        ],
        rows: top.map((reason) => ({
          label: l === "sw" ? (FACTOR_SW[reason.key]?.label ?? reason.label) : reason.label,
          detail: tipOf(reason),
          amountMinor: null,
          currency: "",
          link: null,
          value: say(l, { en: `−${reason.pointsLost} points`, sw: `alama −${reason.pointsLost}` }),
        })),
        period: periodOf(o.asOf, o.asOf, l),
        link,
      }),
    ],
  };
}

const MODULE_WORDS: Record<string, Both> = {
  forbidden: { en: "You don't have access to this.", sw: "Huna ruhusa ya kuona hili." },
};

/** The answer from the templates: every figure in it is one a tool returned in this turn. */
export function answerFromTools(parsed: ParsedQuestion, calls: ToolCall[]): Answer {
  const l = parsed.language;
  const call = calls[0];
  if (!call) return fallbackAnswer(parsed);
  if (!call.result.ok) {
    const reply =
      call.result.error === "forbidden"
        ? l === "sw"
          ? `${MODULE_WORDS.forbidden?.sw} (${call.result.message})`
          : call.result.message
        : say(l, {
            en: `I couldn't get that: ${call.result.message}`,
            sw: `Sikuweza kupata hilo: ${call.result.message}`,
          });
    return { reply, speech: reply, cards: [], suggestions: suggestionsFor("start", l) };
  }
  const composed = compose(call.name, call.result.output, parsed);
  return {
    reply: composed.reply,
    speech: speakableText(composed.reply, l),
    cards: composed.cards,
    suggestions: suggestionsFor(composed.suggestionKey, l),
  };
}

/** When no brain can answer: say so plainly, and offer questions it can answer. */
export function fallbackAnswer(parsed: Pick<ParsedQuestion, "language" | "intent">): Answer {
  const l = parsed.language;
  const reply =
    parsed.intent === "greeting"
      ? say(l, {
          en: "Hello! Ask me about your income, spending, customers who owe you, invoices, budgets or cash.",
          sw: "Habari! Niulize kuhusu mapato, matumizi, wateja wanaodaiwa, ankara, bajeti au pesa zenu.",
        })
      : say(l, {
          en: "Sorry, I can't answer that yet. I can tell you about income, spending by category, customers and suppliers, who owes you, overdue invoices, budgets, M-Pesa payments, your cash balance and forecast, and your credit score.",
          sw: "Samahani, siwezi kujibu hilo bado. Naweza kukuambia kuhusu mapato, matumizi kwa aina, wateja na wasambazaji, wanaodaiwa, ankara zilizochelewa, bajeti, malipo ya M-Pesa, salio na utabiri wa pesa, na alama ya mkopo.",
        });
  return { reply, speech: reply, cards: [], suggestions: suggestionsFor("start", l) };
}
