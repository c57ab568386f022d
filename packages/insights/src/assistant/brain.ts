import { type Answer, answerFromTools, fallbackAnswer } from "./answers";
import type { ToolCall, ToolName, ToolResult } from "./contracts";
import type { Language } from "./language";
import type { Lexicon } from "./lexicon";
import { type Intent, parseQuestion, planCalls } from "./parse";

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
}

/** A way of answering questions with the tools: the offline engine here, Gemini later. Same contract. */
export interface Brain {
  readonly name: string;
  answer(question: string, context: BrainContext, runTool: ToolRunner): Promise<BrainAnswer>;
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
