import { createGeminiClient, type GeminiClient } from "@kavi/ai";
import { z } from "zod";

/** The assistant's Gemini brain: the client (null: offline brain only), its bounds, allowance and prices. */
export interface AssistantGeminiSettings {
  client: GeminiClient | null;
  /** Model steps per answer (each step: one model call, then the tools it asked for). */
  maxSteps: number;
  /** Tokens (prompt + output, all steps) one answer may use before it falls back to the offline brain. */
  maxTokensPerAnswer: number;
  /** Output tokens per model step. */
  maxOutputTokens: number;
  /** The whole Gemini answer, every step: after this the offline brain answers. */
  answerTimeoutMs: number;
  /** Tokens per business per calendar month (the business's own in ai_allowances wins); 0: offline only. */
  monthlyTokensPerBusiness: number;
  /** For the cost estimate: millionths of a US dollar per million tokens. */
  priceMicroUsdPerMillion: { prompt: number; output: number };
}

/** The assistant's settings, for the server's env schema (docs/configuration.md). */
export const assistantAiEnvShape = {
  /** auto: Gemini when GEMINI_API_KEY is set; offline: never Gemini for the assistant. */
  ASSISTANT_BRAIN: z.enum(["auto", "offline"]).default("auto"),
  ASSISTANT_MAX_STEPS: z.coerce.number().int().min(1).max(8).default(4),
  ASSISTANT_MAX_TOKENS_PER_ANSWER: z.coerce.number().int().min(1_000).max(1_000_000).default(30_000),
  ASSISTANT_MAX_OUTPUT_TOKENS: z.coerce.number().int().min(64).max(8_192).default(1_024),
  ASSISTANT_GEMINI_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(60_000).default(8_000),
  ASSISTANT_MONTHLY_TOKENS_PER_BUSINESS: z.coerce.number().int().min(0).max(1_000_000_000).default(2_000_000),
  /** Gemini 2.5 Flash list prices (US$0.30 / US$2.50 per million tokens), in micro-dollars. */
  GEMINI_PRICE_PROMPT_MICRO_USD_PER_MILLION: z.coerce.number().int().min(0).default(300_000),
  GEMINI_PRICE_OUTPUT_MICRO_USD_PER_MILLION: z.coerce.number().int().min(0).default(2_500_000),
};

export function assistantGeminiFromEnv(env: {
  GEMINI_API_KEY?: string | undefined;
  GEMINI_BASE_URL?: string | undefined;
  GEMINI_MODEL: string;
  ASSISTANT_BRAIN: "auto" | "offline";
  ASSISTANT_MAX_STEPS: number;
  ASSISTANT_MAX_TOKENS_PER_ANSWER: number;
  ASSISTANT_MAX_OUTPUT_TOKENS: number;
  ASSISTANT_GEMINI_TIMEOUT_MS: number;
  ASSISTANT_MONTHLY_TOKENS_PER_BUSINESS: number;
  GEMINI_PRICE_PROMPT_MICRO_USD_PER_MILLION: number;
  GEMINI_PRICE_OUTPUT_MICRO_USD_PER_MILLION: number;
}): AssistantGeminiSettings {
  return {
    client:
      env.GEMINI_API_KEY && env.ASSISTANT_BRAIN === "auto"
        ? createGeminiClient({
            apiKey: env.GEMINI_API_KEY,
            baseUrl: env.GEMINI_BASE_URL,
            model: env.GEMINI_MODEL,
            timeoutMs: env.ASSISTANT_GEMINI_TIMEOUT_MS,
          })
        : null,
    maxSteps: env.ASSISTANT_MAX_STEPS,
    maxTokensPerAnswer: env.ASSISTANT_MAX_TOKENS_PER_ANSWER,
    maxOutputTokens: env.ASSISTANT_MAX_OUTPUT_TOKENS,
    answerTimeoutMs: env.ASSISTANT_GEMINI_TIMEOUT_MS,
    monthlyTokensPerBusiness: env.ASSISTANT_MONTHLY_TOKENS_PER_BUSINESS,
    priceMicroUsdPerMillion: {
      prompt: env.GEMINI_PRICE_PROMPT_MICRO_USD_PER_MILLION,
      output: env.GEMINI_PRICE_OUTPUT_MICRO_USD_PER_MILLION,
    },
  };
}
