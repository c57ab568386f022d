import { ApiError, GoogleGenAI } from "@google/genai";
import { z } from "zod";

/**
 * KAVI's one way to ask a model for something: Gemini through `@google/genai`, at a configurable base URL (the
 * local fake in development and tests), with a timeout, JSON output constrained by a JSON Schema made from a zod
 * schema, and the answer parsed with that same zod schema — a model's output is outside input.
 */
export interface GeminiClientOptions {
  apiKey: string;
  /** Overrides https://generativelanguage.googleapis.com (the fake: http://127.0.0.1:8090). */
  baseUrl?: string | undefined;
  model: string;
  timeoutMs: number;
}

export interface TModelUsage {
  promptTokens: number;
  outputTokens: number;
  totalTokens: number;
}

export interface GenerateStructuredInput<Schema extends z.ZodType> {
  schema: Schema;
  prompt: string;
  system?: string;
  temperature?: number;
  maxOutputTokens?: number;
  /** Images sent with the prompt (vision), base64-encoded. */
  images?: { mimeType: string; data: string }[];
}

export interface StructuredResult<T> {
  data: T;
  usage: TModelUsage;
  model: string;
}

export const AI_ERROR_KINDS = [
  "timeout",
  "rate_limited",
  "unavailable",
  "rejected",
  "malformed",
  "blocked",
] as const;
export type AiErrorKind = (typeof AI_ERROR_KINDS)[number];

/** Why a model call did not give a usable answer; `retryable` says whether trying later may help. */
export class AiError extends Error {
  override name = "AiError";
  constructor(
    readonly kind: AiErrorKind,
    message: string,
    readonly status: number | null = null,
    readonly usage: TModelUsage | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  get retryable(): boolean {
    return this.kind === "timeout" || this.kind === "rate_limited" || this.kind === "unavailable";
  }
}

export interface GeminiClient {
  readonly model: string;
  generateStructured<Schema extends z.ZodType>(
    input: GenerateStructuredInput<Schema>,
  ): Promise<StructuredResult<z.output<Schema>>>;
}

const NO_USAGE: TModelUsage = { promptTokens: 0, outputTokens: 0, totalTokens: 0 };

/** A JSON Schema Gemini accepts: zod's, without the meta keys it does not know. */
export function toResponseJsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { target: "draft-2020-12", io: "output" });
  return rest;
}

function classify(error: unknown): AiError {
  if (error instanceof AiError) return error;
  if (error instanceof ApiError) {
    const kind: AiErrorKind =
      error.status === 429
        ? "rate_limited"
        : error.status >= 500 || error.status === 408
          ? "unavailable"
          : "rejected";
    return new AiError(
      kind,
      `Gemini answered ${error.status}: ${error.message.slice(0, 300)}`,
      error.status,
      null,
      {
        cause: error,
      },
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  if (/abort|timed? ?out|timeout/i.test(message) || (error instanceof Error && error.name === "AbortError")) {
    return new AiError("timeout", "Gemini did not answer in time", null, null, { cause: error });
  }
  return new AiError("unavailable", `Gemini could not be reached: ${message.slice(0, 300)}`, null, null, {
    cause: error,
  });
}

export function createGeminiClient(options: GeminiClientOptions): GeminiClient {
  const sdk = new GoogleGenAI({
    apiKey: options.apiKey,
    httpOptions: {
      ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
      timeout: options.timeoutMs,
    },
  });
  return {
    model: options.model,
    async generateStructured(input) {
      let response: Awaited<ReturnType<typeof sdk.models.generateContent>>;
      try {
        response = await sdk.models.generateContent({
          model: options.model,
          contents: input.images?.length
            ? [
                {
                  role: "user",
                  parts: [
                    { text: input.prompt },
                    ...input.images.map((image) => ({
                      inlineData: { mimeType: image.mimeType, data: image.data },
                    })),
                  ],
                },
              ]
            : input.prompt,
          config: {
            ...(input.system ? { systemInstruction: input.system } : {}),
            temperature: input.temperature ?? 0,
            ...(input.maxOutputTokens ? { maxOutputTokens: input.maxOutputTokens } : {}),
            responseMimeType: "application/json",
            responseJsonSchema: toResponseJsonSchema(input.schema),
            abortSignal: AbortSignal.timeout(options.timeoutMs),
          },
        });
      } catch (error) {
        throw classify(error);
      }
      const usage: TModelUsage = {
        promptTokens: response.usageMetadata?.promptTokenCount ?? 0,
        outputTokens: response.usageMetadata?.candidatesTokenCount ?? 0,
        totalTokens: response.usageMetadata?.totalTokenCount ?? 0,
      };
      const candidate = response.candidates?.[0];
      const text = response.text;
      if (!text) {
        const reason = candidate?.finishReason ?? "no candidate";
        throw new AiError("blocked", `Gemini gave no answer (${reason})`, null, usage);
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (error) {
        throw new AiError("malformed", "Gemini's answer was not JSON", null, usage, { cause: error });
      }
      const parsed = input.schema.safeParse(json);
      if (!parsed.success) {
        const first = parsed.error.issues[0];
        throw new AiError(
          "malformed",
          `Gemini's answer did not match the schema (${first?.path.join(".") ?? ""}: ${first?.message ?? ""})`,
          null,
          usage,
        );
      }
      return { data: parsed.data, usage: usage ?? NO_USAGE, model: response.modelVersion ?? options.model };
    },
  };
}
