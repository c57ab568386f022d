import {
  AiError,
  type AiErrorKind,
  buildAssistantSystemInstruction,
  type GeminiClient,
  type TModelContent,
  type TModelPart,
  type TModelUsage,
} from "@kavi/ai";
import {
  actionRequestFromCall,
  type Brain,
  cardsForCalls,
  detectLanguage,
  isActionFunction,
  speakableText,
  TOOL_INPUT_SCHEMAS,
  type ToolCall,
  type ToolName,
} from "@kavi/insights/assistant";
import { actionDeclarations, toModelJson, toolDeclarations } from "./declarations";

/** Why an answer came from the offline brain although Gemini is configured (a metric label). */
export const FALLBACK_REASONS = [
  "over_cap",
  "rate_limited",
  "unavailable",
  "timeout",
  "rejected",
  "blocked",
  "malformed",
  "malformed_args",
  "step_limit",
  "token_limit",
  "ungrounded",
] as const;
export type FallbackReason = (typeof FALLBACK_REASONS)[number];

/** Gemini could not give a usable answer this turn: the offline brain answers instead. */
export class GeminiFallback extends Error {
  override name = "GeminiFallback";
  constructor(
    readonly reason: FallbackReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const REASON_OF_KIND: Record<AiErrorKind, FallbackReason> = {
  timeout: "timeout",
  rate_limited: "rate_limited",
  unavailable: "unavailable",
  rejected: "rejected",
  malformed: "malformed",
  blocked: "blocked",
};

export interface GeminiBrainOptions {
  client: GeminiClient;
  businessName: string;
  maxSteps: number;
  maxTokensPerAnswer: number;
  maxOutputTokens: number;
  /** Every model call, finished or failed, for the business's usage and cost. */
  onUsage: (usage: TModelUsage, failed: boolean) => void | Promise<void>;
}

const NO_USAGE: TModelUsage = { promptTokens: 0, outputTokens: 0, totalTokens: 0 };
/** Functions one model step may ask for: more is a model gone wrong. */
const MAX_CALLS_PER_STEP = 6;

function isToolName(name: string): name is ToolName {
  return Object.hasOwn(TOOL_INPUT_SCHEMAS, name);
}

/**
 * The Gemini brain: a bounded function-calling loop over the tool registry. Each step streams the model's text
 * (to `onText`) or collects the functions it asks for; every call's arguments are checked with the tool's
 * schema (a malformed call ends the loop: the offline brain answers), then run as the caller through
 * `runTool`, and the results go back as the model reads money ("KES 12,500.00"). It stops at the first text
 * answer, or after `maxSteps` / `maxTokensPerAnswer` with a GeminiFallback. The caller checks the answer's
 * figures against the tool results (the grounding guard) before anyone sees it as KAVI's.
 */
export function createGeminiBrain(options: GeminiBrainOptions): Brain {
  const functions = [...toolDeclarations(), ...actionDeclarations()];
  return {
    name: "gemini",
    async answer(question, context, runTool, hooks) {
      const language = context.language ?? detectLanguage(question);
      const system = buildAssistantSystemInstruction({
        businessName: options.businessName,
        today: context.today,
        timezone: context.timezone,
        currency: context.currency,
        language: context.language,
        categories: context.lexicon.categories,
        customers: context.lexicon.customers,
        suppliers: context.lexicon.suppliers,
      });
      const contents: TModelContent[] = [{ role: "user", parts: [{ text: question }] }];
      const toolCalls: ToolCall[] = [];
      let spentTokens = 0;
      let reply = "";
      for (let step = 0; ; step++) {
        if (step >= options.maxSteps) {
          throw new GeminiFallback("step_limit", `No answer after ${options.maxSteps} model steps`);
        }
        let result: Awaited<ReturnType<GeminiClient["generateStep"]>>;
        try {
          result = await options.client.generateStep({
            system,
            contents,
            functions,
            maxOutputTokens: options.maxOutputTokens,
            onText: (delta) => {
              reply += delta;
              hooks?.onText?.(delta);
            },
            ...(hooks?.signal ? { signal: hooks.signal } : {}),
          });
        } catch (error) {
          const usage = error instanceof AiError ? (error.usage ?? NO_USAGE) : NO_USAGE;
          await options.onUsage(usage, true);
          if (error instanceof AiError) {
            throw new GeminiFallback(REASON_OF_KIND[error.kind], error.message, { cause: error });
          }
          throw new GeminiFallback("unavailable", "Gemini failed", { cause: error });
        }
        await options.onUsage(result.usage, false);
        spentTokens += result.usage.totalTokens;
        if (spentTokens > options.maxTokensPerAnswer) {
          throw new GeminiFallback("token_limit", `The answer used ${spentTokens} tokens`);
        }
        if (result.functionCalls.length === 0) break;
        if (result.functionCalls.length > MAX_CALLS_PER_STEP) {
          throw new GeminiFallback("malformed_args", `Gemini asked for ${result.functionCalls.length} calls`);
        }
        // An action ends the turn: it only becomes a proposal card (drafted by the API, confirmed by the person).
        const actionCall = result.functionCalls.find((call) => isActionFunction(call.name));
        if (actionCall && isActionFunction(actionCall.name)) {
          const action = actionRequestFromCall(actionCall.name, actionCall.args ?? {}, {
            lexicon: context.lexicon,
            language,
          });
          if (!action) {
            throw new GeminiFallback(
              "malformed_args",
              `Gemini's arguments for ${actionCall.name} are not usable`,
            );
          }
          return {
            reply: "",
            speech: "",
            cards: [],
            suggestions: [],
            brain: "gemini",
            language,
            intent: "action",
            toolCalls,
            action,
          };
        }
        contents.push(result.content);
        const responses: TModelPart[] = [];
        for (const call of result.functionCalls) {
          if (!isToolName(call.name)) {
            throw new GeminiFallback("malformed_args", `Gemini called an unknown function ${call.name}`);
          }
          // The model's arguments are outside input: a call that breaks the schema is not run at all.
          const input = TOOL_INPUT_SCHEMAS[call.name].safeParse(call.args ?? {});
          if (!input.success) {
            throw new GeminiFallback(
              "malformed_args",
              `Gemini's arguments for ${call.name} break its schema: ${input.error.issues[0]?.message ?? ""}`,
            );
          }
          const toolResult = await runTool(call.name, input.data);
          toolCalls.push({ name: call.name, input: input.data, result: toolResult } as ToolCall);
          responses.push({
            functionResponse: {
              ...(call.id ? { id: call.id } : {}),
              name: call.name,
              response: toolResult.ok
                ? { output: toModelJson(toolResult.output, context.currency) as Record<string, unknown> }
                : { error: toolResult.error, message: toolResult.message },
            },
          });
        }
        contents.push({ role: "user", parts: responses });
      }
      reply = reply.trim();
      const described = cardsForCalls(toolCalls, context.lexicon, language);
      return {
        reply,
        speech: speakableText(reply, language),
        cards: described.cards,
        suggestions: described.suggestions,
        brain: "gemini",
        language,
        intent: described.intent,
        toolCalls,
      };
    },
  };
}
