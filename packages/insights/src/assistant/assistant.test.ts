import { DEFAULT_CATEGORIES } from "@kavi/domain";
import { describe, expect, it } from "vitest";
import { answerFromTools } from "./answers";
import { ungroundedAmounts } from "./grounding";
import { detectLanguage } from "./language";
import type { Lexicon } from "./lexicon";
import { amountToWords, speakableText } from "./money-words";
import { parseQuestion, planCalls } from "./parse";
import { resolvePeriod } from "./periods";

// Thursday 19 November 2026.
const TODAY = "2026-11-19";

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const LEXICON: Lexicon = {
  categories: DEFAULT_CATEGORIES.map((category, index) => ({
    id: id(100 + index),
    name: category.name,
    kind: category.kind,
    systemKey: category.systemKey,
  })),
  customers: [
    "Serena Hotel Nairobi",
    "Java House Kimathi Street",
    "Mama Oliech Restaurant",
    "Mama Njeri (Gikomba stall 22)",
    "Naivas Supermarket Westlands",
    "Moi Girls' School Nairobi",
  ].map((name, index) => ({ id: id(200 + index), name })),
  suppliers: ["Mwangi Transporters", "Kenya Power", "Limuru Greens Farm"].map((name, index) => ({
    id: id(300 + index),
    name,
  })),
};

const parse = (question: string) => parseQuestion(question, { today: TODAY, lexicon: LEXICON });

describe("periods", () => {
  it.each([
    ["today", "2026-11-19", "2026-11-19"],
    ["leo", "2026-11-19", "2026-11-19"],
    ["yesterday", "2026-11-18", "2026-11-18"],
    ["jana", "2026-11-18", "2026-11-18"],
    ["this week", "2026-11-16", "2026-11-19"],
    ["wiki hii", "2026-11-16", "2026-11-19"],
    ["last week", "2026-11-09", "2026-11-15"],
    ["wiki iliyopita", "2026-11-09", "2026-11-15"],
    ["this month", "2026-11-01", "2026-11-19"],
    ["mwezi huu", "2026-11-01", "2026-11-19"],
    ["last month", "2026-10-01", "2026-10-31"],
    ["mwezi uliopita", "2026-10-01", "2026-10-31"],
    ["this quarter", "2026-10-01", "2026-11-19"],
    ["last quarter", "2026-07-01", "2026-09-30"],
    ["this year", "2026-01-01", "2026-11-19"],
    ["mwaka huu", "2026-01-01", "2026-11-19"],
    ["last year", "2025-01-01", "2025-12-31"],
    ["in October", "2026-10-01", "2026-10-31"],
    ["Oktoba", "2026-10-01", "2026-10-31"],
    ["mwezi wa kumi", "2026-10-01", "2026-10-31"],
    ["December", "2025-12-01", "2025-12-31"],
    ["Machi 2026", "2026-03-01", "2026-03-31"],
    ["since January", "2026-01-01", "2026-11-19"],
    ["tangu Januari", "2026-01-01", "2026-11-19"],
    ["the last 30 days", "2026-10-21", "2026-11-19"],
    ["November", "2026-11-01", "2026-11-19"],
  ])("%s", (text, from, to) => {
    const period = resolvePeriod(`How much ${text}?`, TODAY);
    expect(period).toMatchObject({ from, to });
  });

  it("reads no period where there is none", () => {
    expect(resolvePeriod("Who owes us the most?", TODAY)).toBeNull();
  });

  it("reads 'wiki jana' as last week, not yesterday", () => {
    expect(resolvePeriod("mauzo ya wiki jana", TODAY)?.kind).toBe("last_week");
  });
});

describe("language", () => {
  it.each([
    ["How much did we make last week?", "en"],
    ["Ni mteja gani ana deni kubwa zaidi?", "sw"],
    ["Tumetumia kiasi gani kwa mafuta mwezi huu?", "sw"],
    ["What did we spend on transport in October?", "en"],
    ["Mauzo ya this month ni ngapi?", "sw"],
    ["Show M-Pesa payments from Naivas this month", "en"],
  ])("%s → %s", (question, language) => {
    expect(detectLanguage(question)).toBe(language);
  });
});

describe("intents", () => {
  it.each([
    ["How much did we make last week?", "period_summary", "income"],
    ["What was our profit last month?", "period_summary", "net"],
    ["Faida yetu mwezi uliopita?", "period_summary", "net"],
    ["Ni mteja gani ana deni kubwa zaidi?", "top_debtors", "all"],
    ["Who owes us the most?", "top_debtors", "all"],
    ["What did we spend on transport in October?", "spend_by_category", "expense"],
    ["Tumetumia kiasi gani kwa mafuta mwezi huu?", "spend_by_category", "expense"],
    ["What did we spend most on this month?", "spend_by_category", "expense"],
    ["How much did we spend this month?", "period_summary", "expense"],
    ["Which invoices are overdue?", "overdue_invoices", "all"],
    ["Ni ankara gani zimechelewa?", "overdue_invoices", "all"],
    ["How is my budget for stock?", "budget_status", "all"],
    ["Show M-Pesa payments from Naivas this month", "mpesa_payments", "all"],
    ["What is my credit score and how can I improve it?", "credit_score", "all"],
    ["Will we have enough cash at the end of the month?", "cash_forecast", "all"],
    ["What is our cash balance?", "cash_balance", "all"],
    ["Salio letu ni kiasi gani?", "cash_balance", "all"],
    ["How much has Serena paid us this year?", "income_by_customer", "income"],
    ["Who are our top customers this month?", "income_by_customer", "income"],
    ["How much did we pay Mwangi Transporters last month?", "spend_by_supplier", "expense"],
    ["Show transactions over 5,000 this week", "transaction_search", "all"],
    ["What is the status of INV-2026-0012?", "invoice_lookup", "all"],
    ["Habari", "greeting", "all"],
    ["What's the weather in Mombasa?", "unknown", "all"],
  ])("%s", (question, intent, focus) => {
    const parsed = parse(question);
    expect(parsed.intent).toBe(intent);
    expect(parsed.focus).toBe(focus);
  });

  it("names the category, customer and supplier the question names", () => {
    expect(parse("Tumetumia kiasi gani kwa mafuta mwezi huu?").category?.name).toBe("Transport and fuel");
    expect(parse("Show M-Pesa payments from Naivas this month").customer?.name).toBe(
      "Naivas Supermarket Westlands",
    );
    expect(parse("How much did Mama pay us?").customer).toBeNull();
    expect(parse("How much did we pay Mwangi Transporters?").category).toBeNull();
    expect(parse("What is the status of inv-2026-0012?").invoiceNumber).toBe("INV-2026-0012");
  });

  it("plans the tool call with the resolved period", () => {
    const parsed = parse("What did we spend on transport in October?");
    expect(planCalls(parsed, TODAY)).toEqual([
      {
        name: "spend_by_category",
        input: { from: "2026-10-01", to: "2026-10-31", type: "expense", categoryId: parsed.category?.id },
      },
    ]);
  });
});

describe("answers", () => {
  it("states only figures the tool returned, in the question's language", () => {
    const parsed = parse("Tulipata kiasi gani wiki iliyopita?");
    const calls = [
      {
        name: "period_summary" as const,
        input: {},
        result: {
          ok: true as const,
          output: {
            from: "2026-11-09",
            to: "2026-11-15",
            currency: "KES",
            incomeMinor: 1_250_000n,
            expenseMinor: 400_050n,
            netMinor: 849_950n,
            series: [],
            granularity: "day" as const,
          },
        },
      },
    ];
    const answer = answerFromTools(parsed, calls);
    expect(answer.reply).toContain("KES 12,500.00");
    expect(answer.reply).toContain("wiki iliyopita");
    expect(ungroundedAmounts(answer.reply, calls)).toEqual([]);
    expect(ungroundedAmounts("Mapato ni KES 13,000.00", calls)).toEqual(["13000.00"]);
    expect(answer.speech).toContain("shilingi elfu kumi na mbili na mia tano");
    expect(answer.cards[0]?.link).toMatchObject({ path: "transactions", params: { from: "2026-11-09" } });
  });
});

describe("amounts in words", () => {
  it.each([
    [1_250_000n, "en", "twelve thousand five hundred shillings"],
    [1_250_000n, "sw", "shilingi elfu kumi na mbili na mia tano"],
    [25_000_050n, "sw", "shilingi laki mbili na elfu hamsini na senti hamsini"],
    [
      123_456_700n,
      "en",
      "one million two hundred and thirty-four thousand five hundred and sixty-seven shillings",
    ],
    [100n, "en", "one shilling"],
  ] as const)("%s %s", (minor, language, words) => {
    expect(amountToWords(minor, "KES", language)).toBe(words);
  });

  it("speaks every amount in a reply", () => {
    expect(speakableText("You spent KES 2,500.00 on fuel.", "en")).toBe(
      "You spent two thousand five hundred shillings on fuel.",
    );
  });
});
