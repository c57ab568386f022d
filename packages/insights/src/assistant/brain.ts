import type { ActionRequest } from "./actions";
import { type Answer, answerFromTools, fallbackAnswer, suggestionsFor } from "./answers";
import type { ToolCall, ToolName, ToolResult } from "./contracts";
import type { Language } from "./language";
import type { Lexicon } from "./lexicon";
import { type Intent, type ParsedQuestion, parseQuestion, planCalls } from "./parse";

/** What a brain knows about the turn: the business's calendar and names, and the language asked for. */
export interface BrainContext {
  /** Today on the business's calendar (YYYY-MM-DD): the clock is an input. */
  today: string;
  currency: string;
  timezone: string;
  lexicon: Lexicon;
  /** The language the person chose; null to answer in the question's. */
  language: Language | null;
}

/** Runs one tool as the caller (the API's registry: permissions, tenancy and services live there). */
export type ToolRunner = <N extends ToolName>(name: N, input: unknown) => Promise<ToolResult<N>>;

export interface BrainAnswer extends Answer {
  brain: string;
  language: Language;
  intent: Intent;
  toolCalls: ToolCall[];
  /** The brain asked to do something (a model called an action function): the API drafts the proposal card. */
  action?: ActionRequest;
}

/** What the caller can follow while a brain answers. */
export interface AnswerHooks {
  /** Pieces of the reply as a model writes them (the offline engine answers whole, and calls nothing). */
  onText?: (delta: string) => void;
  /** Stops the answer: the caller has stopped waiting for it. */
  signal?: AbortSignal;
}

/** A way of answering questions with the tools: the offline engine and Gemini. Same contract. */
export interface Brain {
  readonly name: string;
  answer(
    question: string,
    context: BrainContext,
    runTool: ToolRunner,
    hooks?: AnswerHooks,
  ): Promise<BrainAnswer>;
}

const PAYMENT_METHOD_WORDS = ["mpesa", "cash", "bank"] as const;

/**
 * The cards and suggestions for tool calls another brain made (its own words are the reply): each successful
 * call is read back as the question it answers and given the offline templates' card, so a model's figures
 * show where they came from exactly as the offline engine's do.
 */
export function cardsForCalls(
  calls: readonly ToolCall[],
  lexicon: Lexicon,
  language: Language,
): Pick<BrainAnswer, "cards" | "suggestions" | "intent"> {
  const cards: BrainAnswer["cards"] = [];
  let suggestions: string[] | null = null;
  let intent: Intent = "unknown";
  for (const call of calls) {
    if (!call.result.ok) continue;
    const input = call.input as Record<string, unknown>;
    const byId = <T extends { id: string }>(items: T[], key: string) =>
      items.find((item) => item.id === input[key]) ?? null;
    const type = input.type === "income" || input.type === "expense" ? input.type : null;
    const method = PAYMENT_METHOD_WORDS.find((word) => word === input.paymentMethod) ?? null;
    const parsed: ParsedQuestion = {
      language,
      intent: call.name,
      focus: type ?? (call.name === "income_by_customer" ? "income" : "all"),
      period: null,
      category: byId(lexicon.categories, "categoryId"),
      customer: byId(lexicon.customers, "customerId"),
      supplier: byId(lexicon.suppliers, "supplierId"),
      invoiceNumber: typeof input.invoiceNumber === "string" ? input.invoiceNumber : null,
      minAmount: typeof input.minAmount === "string" ? input.minAmount : null,
      paymentMethod: method,
      limit: typeof input.limit === "number" ? input.limit : null,
    };
    const answer = answerFromTools(parsed, [call]);
    cards.push(...answer.cards);
    if (suggestions === null) {
      suggestions = answer.suggestions;
      intent = call.name;
    }
  }
  return { cards, suggestions: suggestions ?? suggestionsFor("start", language), intent };
}

/** The offline engine: parser + templates. No network, no key; figures only from the tools it called. */
export const offlineBrain: Brain = {
  name: "offline",
  async answer(question, context, runTool) {
    const parsed = parseQuestion(question, {
      today: context.today,
      lexicon: context.lexicon,
      language: context.language,
    });
    const planned = planCalls(parsed, context.today);
    const toolCalls: ToolCall[] = [];
    for (const call of planned) {
      const result = await runTool(call.name, call.input);
      toolCalls.push({ name: call.name, input: call.input, result } as ToolCall);
    }
    const answer = planned.length === 0 ? fallbackAnswer(parsed) : answerFromTools(parsed, toolCalls);
    return { ...answer, brain: "offline", language: parsed.language, intent: parsed.intent, toolCalls };
  },
};
