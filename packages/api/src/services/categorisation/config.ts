import { createGeminiClient, type GeminiClient } from "@kavi/ai";
import { z } from "zod";

/** Gemini for the worker: the client (null when no key is set) and each business's daily allowance of calls. */
export interface AiSettings {
  client: GeminiClient | null;
  /** Model calls per business per local day; 0 turns Gemini off. */
  dailyRequestCap: number;
}

/** The AI settings, for the worker's env schema (docs/configuration.md). */
export const aiEnvShape = {
  /** Unset: no Gemini (the learned model and the Review queue still work). `pnpm dev` sets a key for the fake. */
  GEMINI_API_KEY: z.string().min(1).optional(),
  /** Overrides https://generativelanguage.googleapis.com: the local fake (http://127.0.0.1:8090) in development. */
  GEMINI_BASE_URL: z.url().optional(),
  GEMINI_MODEL: z
    .string()
    .regex(/^[a-z0-9.-]+$/i, { error: "A model name such as gemini-2.5-flash" })
    .default("gemini-2.5-flash"),
  GEMINI_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(120_000).default(20_000),
  AI_DAILY_REQUESTS_PER_BUSINESS: z.coerce.number().int().min(0).max(100_000).default(200),
};

export function aiSettingsFromEnv(env: {
  GEMINI_API_KEY?: string | undefined;
  GEMINI_BASE_URL?: string | undefined;
  GEMINI_MODEL: string;
  GEMINI_TIMEOUT_MS: number;
  AI_DAILY_REQUESTS_PER_BUSINESS: number;
}): AiSettings {
  return {
    client: env.GEMINI_API_KEY
      ? createGeminiClient({
          apiKey: env.GEMINI_API_KEY,
          baseUrl: env.GEMINI_BASE_URL,
          model: env.GEMINI_MODEL,
          timeoutMs: env.GEMINI_TIMEOUT_MS,
        })
      : null,
    dailyRequestCap: env.AI_DAILY_REQUESTS_PER_BUSINESS,
  };
}
