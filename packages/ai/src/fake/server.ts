import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";
import { readCategorisationPrompt } from "../categorisation";
import { createTesseractEngine, type OcrEngine } from "../receipts/ocr";
import { RECEIPT_TASK_MARKER } from "../receipts/read";
import { fakeAssistantReply, readAssistantTurn } from "./assistant";
import { fakeCategorise } from "./categorise";
import { fakeReadReceipt } from "./receipt";

/**
 * A local Gemini that speaks the REST wire protocol of `POST /v1beta/models/{model}:generateContent` (and /v1): API key
 * header, `contents`, `systemInstruction`, `generationConfig` with JSON mode (`responseMimeType`,
 * `responseJsonSchema` / `responseSchema`), `usageMetadata`, and Google's error envelope. It answers KAVI's
 * categorisation prompt deterministically from keywords, reads a receipt image (vision) with the offline OCR, and any other JSON request with the smallest value of
 * its schema. With `tools` (function declarations) and the assistant's instruction it plays the assistant:
 * it calls the functions the offline parser would, then answers from their results (see assistant.ts), over
 * `:generateContent` or streamed over `:streamGenerateContent?alt=sse`. Faults are injected per request: errors
 * (429 with RetryInfo, 500, 503, 400, 403), slowness (latency), malformed JSON, an answer that breaks the
 * schema, a blocked (SAFETY) answer, function calls with malformed arguments, an answer with an invented figure.
 *
 * Control: `POST /__fake/faults` `{"faults":[{"kind":"error","status":503}, …]}` queues faults for the next
 * requests (one each; `malformed_args` waits for the next request answered with function calls and
 * `invented_number` for the next answered with text); `GET /__fake/requests` lists what was asked;
 * `POST /__fake/reset` clears both.
 */
export const FAKE_FAULT_KINDS = [
  "error",
  "slow",
  "malformed_json",
  "wrong_shape",
  "blocked",
  "malformed_args",
  "invented_number",
] as const;

export const ZFakeFaultSchema = z.object({
  kind: z.enum(FAKE_FAULT_KINDS),
  /** For "error": the HTTP status (429, 500, 503, 400, 403). */
  status: z.number().int().min(400).max(599).default(503),
  /** For "slow": how long to wait before answering. */
  delayMs: z.number().int().min(0).max(600_000).default(30_000),
});
export type TFakeFault = z.input<typeof ZFakeFaultSchema>;

export interface FakeGeminiRequest {
  model: string;
  apiKey: string | null;
  body: unknown;
  at: string;
}

export interface FakeGemini {
  url: string;
  port: number;
  /** Faults for the next requests, one each, in order. */
  injectFaults(faults: TFakeFault[]): void;
  requests(): FakeGeminiRequest[];
  reset(): void;
  close(): Promise<void>;
}

export interface FakeGeminiOptions {
  port?: number;
  host?: string;
  /** Every request fails this way until changed (the FAKE_GEMINI_FAULT setting); null for none. */
  stickyFault?: TFakeFault | null;
  /** Pause between streamed events (0: none), so a streamed answer can be watched arriving. */
  streamDelayMs?: number;
  log?: (message: string) => void;
}

// The SDK picks the API version (v1 for generateContent in @google/genai 3); Google serves both.
const ROUTE = /^\/v1(?:beta|alpha)?\/models\/([^/:]+):(generateContent|streamGenerateContent)$/;
const STATUS_NAMES: Record<number, string> = {
  400: "INVALID_ARGUMENT",
  403: "PERMISSION_DENIED",
  404: "NOT_FOUND",
  429: "RESOURCE_EXHAUSTED",
  500: "INTERNAL",
  503: "UNAVAILABLE",
  504: "DEADLINE_EXCEEDED",
};

const ZGenerateContentSchema = z.object({
  contents: z
    .array(z.object({ role: z.string().optional(), parts: z.array(z.record(z.string(), z.unknown())) }))
    .min(1),
  systemInstruction: z.object({ parts: z.array(z.record(z.string(), z.unknown())) }).optional(),
  tools: z
    .array(
      z.object({ functionDeclarations: z.array(z.object({ name: z.string() }).passthrough()).optional() }),
    )
    .optional(),
  generationConfig: z
    .object({
      responseMimeType: z.string().optional(),
      responseJsonSchema: z.unknown().optional(),
      responseSchema: z.unknown().optional(),
    })
    .passthrough()
    .optional(),
});

const ZInlineDataSchema = z.object({ mimeType: z.string(), data: z.string().min(1) });

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { "content-type": "application/json; charset=UTF-8" });
  response.end(text);
}

/** Server-sent events, as `:streamGenerateContent?alt=sse` answers: one JSON response per event. */
async function sendEvents(response: ServerResponse, events: unknown[], delayMs = 0): Promise<void> {
  response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  for (const [index, event] of events.entries()) {
    if (response.destroyed) return;
    if (index > 0 && delayMs > 0) await new Promise<void>((resolve) => setTimeout(resolve, delayMs));
    response.write(`data: ${JSON.stringify(event)}\r\n\r\n`);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  response.end();
}

function sendError(response: ServerResponse, status: number, message: string): void {
  const details =
    status === 429
      ? [
          {
            "@type": "type.googleapis.com/google.rpc.QuotaFailure",
            violations: [
              { quotaId: "GenerateRequestsPerMinutePerProjectPerModel-FreeTier", quotaValue: "5" },
            ],
          },
          { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "7s" },
        ]
      : [];
  sendJson(response, status, {
    error: { code: status, message, status: STATUS_NAMES[status] ?? "UNKNOWN", details },
  });
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > 5_000_000) throw new Error("body too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** The smallest value a JSON Schema allows: what the fake answers to requests it does not understand. */
export function minimalValue(schema: unknown): unknown {
  if (!schema || typeof schema !== "object") return {};
  const node = schema as Record<string, unknown>;
  const type = String(node.type ?? "object").toLowerCase();
  if (Array.isArray(node.enum) && node.enum.length > 0) return node.enum[0];
  if (type === "string") return "fake";
  if (type === "number" || type === "integer") return typeof node.minimum === "number" ? node.minimum : 0;
  if (type === "boolean") return false;
  if (type === "array") return [];
  if (type === "null") return null;
  const properties = (node.properties ?? {}) as Record<string, unknown>;
  const required = Array.isArray(node.required) ? (node.required as string[]) : Object.keys(properties);
  return Object.fromEntries(required.map((key) => [key, minimalValue(properties[key])]));
}

function textOf(parts: Record<string, unknown>[]): string {
  return parts.map((part) => (typeof part.text === "string" ? part.text : "")).join("\n");
}

const tokens = (text: string) => Math.max(1, Math.ceil(text.length / 4));

export async function startFakeGemini(options: FakeGeminiOptions = {}): Promise<FakeGemini> {
  const queued: z.output<typeof ZFakeFaultSchema>[] = [];
  const sticky = options.stickyFault ? ZFakeFaultSchema.parse(options.stickyFault) : null;
  let recorded: FakeGeminiRequest[] = [];
  const log = options.log ?? (() => undefined);
  // Vision: the fake "sees" a receipt through the same offline OCR the worker falls back to, started on first use.
  let ocr: OcrEngine | null = null;

  const server = createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => {
      log(`error: ${error instanceof Error ? error.message : String(error)}`);
      if (!response.headersSent) sendError(response, 500, "fake gemini failed");
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? "/", "http://fake");
    if (url.pathname === "/__fake/faults" && request.method === "POST") {
      const parsed = z
        .object({ faults: z.array(ZFakeFaultSchema) })
        .safeParse(JSON.parse(await readBody(request)));
      if (!parsed.success) return sendJson(response, 400, { error: parsed.error.issues });
      queued.push(...parsed.data.faults);
      return sendJson(response, 200, { queued: queued.length });
    }
    if (url.pathname === "/__fake/requests" && request.method === "GET")
      return sendJson(response, 200, recorded);
    if (url.pathname === "/__fake/reset" && request.method === "POST") {
      queued.length = 0;
      recorded = [];
      return sendJson(response, 200, { ok: true });
    }
    if (url.pathname === "/health") return sendJson(response, 200, { ok: true });
    const route = ROUTE.exec(url.pathname);
    if (!route || request.method !== "POST") return sendError(response, 404, `No route for ${url.pathname}`);
    const model = route[1] ?? "";
    const apiKey = (request.headers["x-goog-api-key"] as string | undefined) ?? url.searchParams.get("key");
    let raw: unknown;
    try {
      raw = JSON.parse(await readBody(request));
    } catch {
      return sendError(response, 400, "Invalid JSON payload received.");
    }
    recorded.push({ model, apiKey: apiKey ?? null, body: raw, at: new Date().toISOString() });
    if (!apiKey)
      return sendError(response, 403, "Method doesn't allow unregistered callers. Please use an API key.");
    const parsed = ZGenerateContentSchema.safeParse(raw);
    if (!parsed.success)
      return sendError(response, 400, "Invalid value at 'contents': a list of Content is required.");

    const body = parsed.data;
    const prompt = body.contents.map((content) => textOf(content.parts)).join("\n");
    const system = body.systemInstruction ? textOf(body.systemInstruction.parts) : "";
    const config = body.generationConfig ?? {};
    const streamed = route[2] === "streamGenerateContent";
    const assistantTurn = body.tools?.some((tool) => (tool.functionDeclarations ?? []).length > 0)
      ? readAssistantTurn(body.contents)
      : null;
    const plain = assistantTurn
      ? fakeAssistantReply(system, assistantTurn, { malformedArgs: false, inventNumber: false })
      : null;

    // The first queued fault this request can show (a model's kind of fault waits for its kind of answer).
    const applies = (kind: TFakeFault["kind"]) =>
      kind === "malformed_args"
        ? plain?.kind === "calls"
        : kind === "invented_number"
          ? plain?.kind === "text"
          : true;
    const index = queued.findIndex((queuedFault) => applies(queuedFault.kind));
    const fault = index >= 0 ? queued.splice(index, 1)[0] : sticky && applies(sticky.kind) ? sticky : null;
    if (fault?.kind === "error") return sendError(response, fault.status, `Injected fault ${fault.status}`);
    if (fault?.kind === "slow") {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, fault.delayMs);
        response.once("close", () => {
          clearTimeout(timer);
          resolve();
        });
      });
      if (response.destroyed || response.writableEnded) return;
    }

    let parts: Record<string, unknown>[];
    let text = "";
    if (assistantTurn) {
      const reply = fakeAssistantReply(system, assistantTurn, {
        malformedArgs: fault?.kind === "malformed_args",
        inventNumber: fault?.kind === "invented_number",
      });
      if (reply.kind === "calls") {
        parts = reply.calls.map((call) => ({ functionCall: call }));
      } else {
        text = reply.text;
        parts = [{ text }];
      }
    } else {
      const wantsJson = config.responseMimeType === "application/json";
      const image = body.contents
        .flatMap((content) => content.parts)
        .map((part) => ZInlineDataSchema.safeParse(part.inlineData))
        .find((result) => result.success)?.data;
      if (wantsJson && prompt.includes(RECEIPT_TASK_MARKER)) {
        if (!image) return sendError(response, 400, "The receipt task needs an image part (inlineData).");
        ocr ??= createTesseractEngine();
        text = JSON.stringify(await fakeReadReceipt(ocr, Buffer.from(image.data, "base64")));
      } else if (wantsJson) {
        const task = readCategorisationPrompt(prompt);
        const value = task
          ? fakeCategorise(task)
          : minimalValue(config.responseJsonSchema ?? config.responseSchema);
        text = JSON.stringify(value);
      } else {
        text = `This is KAVI's fake Gemini. You asked: ${prompt.slice(0, 200)}`;
      }
      if (fault?.kind === "malformed_json")
        text = `${text.slice(0, Math.max(1, Math.floor(text.length / 2)))}`;
      if (fault?.kind === "wrong_shape") text = JSON.stringify({ unexpected: true, items: "not a list" });
      parts = [{ text }];
    }
    const usageMetadata = {
      promptTokenCount: tokens(prompt + system),
      candidatesTokenCount: tokens(text || JSON.stringify(parts)),
      totalTokenCount: tokens(prompt + system) + tokens(text || JSON.stringify(parts)),
    };
    if (fault?.kind === "blocked") {
      const blocked = {
        candidates: [{ finishReason: "SAFETY", index: 0 }],
        usageMetadata,
        modelVersion: model,
      };
      if (streamed) return sendEvents(response, [blocked]);
      return sendJson(response, 200, blocked);
    }
    const answer = (chunkParts: Record<string, unknown>[], last: boolean) => ({
      candidates: [
        {
          content: { role: "model", parts: chunkParts },
          ...(last ? { finishReason: "STOP" } : {}),
          index: 0,
        },
      ],
      ...(last ? { usageMetadata } : {}),
      modelVersion: model,
      responseId: `fake-${recorded.length}`,
    });
    if (streamed) {
      // Text arrives a few words at a time, as Gemini streams it; function calls arrive whole.
      const pieces = text ? (text.match(/\S+\s*/g) ?? [text]) : [];
      const chunks: Record<string, unknown>[][] = [];
      if (pieces.length > 0) {
        for (let at = 0; at < pieces.length; at += 4)
          chunks.push([{ text: pieces.slice(at, at + 4).join("") }]);
      } else {
        chunks.push(parts);
      }
      return sendEvents(
        response,
        chunks.map((chunk, at) => answer(chunk, at === chunks.length - 1)),
        options.streamDelayMs ?? 0,
      );
    }
    return sendJson(response, 200, answer(parts, true));
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host ?? "127.0.0.1";
  return {
    url: `http://${host}:${port}`,
    port,
    injectFaults(faults) {
      queued.push(...faults.map((fault) => ZFakeFaultSchema.parse(fault)));
    },
    requests: () => [...recorded],
    reset() {
      queued.length = 0;
      recorded = [];
    },
    close: async () => {
      await ocr?.close();
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}
