import { ApiError, type Content, GoogleGenAI, type Part } from "@google/genai";
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

/** A function the model may call: its name, what it does, and its parameters as a JSON Schema. */
export interface TFunctionDeclaration {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

/** One turn of a conversation with the model, in Gemini's own shape (kept verbatim: thought signatures). */
export type TModelContent = Content;
export type TModelPart = Part;

export interface TModelFunctionCall {
  id: string | null;
  name: string;
  /** As the model sent them: outside input, parsed by the caller with the function's schema. */
  args: unknown;
}

export interface GenerateStepInput {
  system: string;
  contents: TModelContent[];
  functions: TFunctionDeclaration[];
  maxOutputTokens?: number;
  temperature?: number;
  /** Called with each piece of text as it streams in. */
  onText?: (delta: string) => void;
  signal?: AbortSignal;
}

/** One model step of a function-calling loop: the text it wrote, or the functions it wants called. */
export interface StepResult {
  text: string;
  functionCalls: TModelFunctionCall[];
  /** The model's turn as it sent it, to put back in the history for the next step. */
  content: TModelContent;
  usage: TModelUsage;
  finishReason: string | null;
}

export interface GeminiClient {
  readonly model: string;
  generateStructured<Schema extends z.ZodType>(
    input: GenerateStructuredInput<Schema>,
  ): Promise<StructuredResult<z.output<Schema>>>;
  /** One streamed step with function calling (the assistant's loop calls it until the model answers in text). */
  generateStep(input: GenerateStepInput): Promise<StepResult>;
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
    async generateStep(input) {
      const parts: Part[] = [];
      let usage: TModelUsage = NO_USAGE;
      let finishReason: string | null = null;
      const signals = [AbortSignal.timeout(options.timeoutMs), ...(input.signal ? [input.signal] : [])];
      try {
        const stream = await sdk.models.generateContentStream({
          model: options.model,
          contents: input.contents,
          config: {
            systemInstruction: input.system,
            temperature: input.temperature ?? 0,
            ...(input.maxOutputTokens ? { maxOutputTokens: input.maxOutputTokens } : {}),
            tools: [
              {
                functionDeclarations: input.functions.map((declaration) => ({
                  name: declaration.name,
                  description: declaration.description,
                  parametersJsonSchema: declaration.parameters,
                })),
              },
            ],
            abortSignal: AbortSignal.any(signals),
          },
        });
        for await (const chunk of stream) {
          const candidate = chunk.candidates?.[0];
          for (const part of candidate?.content?.parts ?? []) {
            parts.push(part);
            if (typeof part.text === "string" && part.text && !part.thought) input.onText?.(part.text);
          }
          finishReason = candidate?.finishReason ?? finishReason;
          if (chunk.usageMetadata) {
            usage = {
              promptTokens: chunk.usageMetadata.promptTokenCount ?? 0,
              outputTokens: chunk.usageMetadata.candidatesTokenCount ?? 0,
              totalTokens: chunk.usageMetadata.totalTokenCount ?? 0,
            };
          }
        }
      } catch (error) {
        const classified = classify(error);
        throw usage.totalTokens > 0
          ? new AiError(classified.kind, classified.message, classified.status, usage, { cause: error })
          : classified;
      }
      const functionCalls = parts.flatMap((part) =>
        part.functionCall
          ? [
              {
                id: part.functionCall.id ?? null,
                name: part.functionCall.name ?? "",
                args: part.functionCall.args,
              },
            ]
          : [],
      );
      const text = parts
        .filter((part) => typeof part.text === "string" && !part.thought)
        .map((part) => part.text)
        .join("");
      if (functionCalls.length === 0 && !text.trim()) {
        throw new AiError(
          "blocked",
          `Gemini gave no answer (${finishReason ?? "no candidate"})`,
          null,
          usage,
        );
      }
      return { text, functionCalls, content: { role: "model", parts }, usage, finishReason };
    },
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
