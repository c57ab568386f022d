import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";
import { pcmToWav, silentMp3, toneSpeechPcm } from "../audio";

/**
 * A local ElevenLabs that speaks the text-to-speech wire protocol: `POST /v1/text-to-speech/{voice_id}` (and
 * `/stream`) with the `xi-api-key` header, a JSON body (`text`, `model_id`, `language_code`, …) and the
 * `output_format` query, answering with REAL audio: `wav_*` and `pcm_*` get tones shaped like the text, `mp3_*`
 * valid MP3 frames of silence of the same length. Errors use ElevenLabs' envelopes (`{"detail":{"status",
 * "message"}}`, 422 `{"detail":[{loc,msg,type}]}`). `GET /v1/voices` lists one voice.
 *
 * Control: `POST /__fake/faults` `{"faults":[{"kind":"error","status":429}, {"kind":"slow","delayMs":3000}]}`
 * queues faults for the next requests (one each); `GET /__fake/requests` lists what was asked (text, voice,
 * model, language, format); `POST /__fake/reset` clears both.
 */
export const FAKE_SPEECH_FAULT_KINDS = ["error", "slow"] as const;

export const ZFakeSpeechFaultSchema = z.object({
  kind: z.enum(FAKE_SPEECH_FAULT_KINDS),
  /** For "error": the HTTP status (401, 422, 429, 500, 503). */
  status: z.number().int().min(400).max(599).default(503),
  /** For "slow": how long to wait before answering. */
  delayMs: z.number().int().min(0).max(600_000).default(5_000),
});
export type TFakeSpeechFault = z.input<typeof ZFakeSpeechFaultSchema>;

export interface FakeSpeechRequest {
  voiceId: string;
  apiKey: string | null;
  text: string;
  modelId: string | null;
  languageCode: string | null;
  outputFormat: string;
  at: string;
}

export interface FakeSpeech {
  url: string;
  port: number;
  injectFaults(faults: TFakeSpeechFault[]): void;
  requests(): FakeSpeechRequest[];
  reset(): void;
  close(): Promise<void>;
}

export interface FakeSpeechOptions {
  port?: number;
  host?: string;
  /** Added to every answer (the ELEVENLABS_FAKE_LATENCY_MS setting). */
  latencyMs?: number;
  log?: (message: string) => void;
}

const ROUTE = /^\/v1\/text-to-speech\/([^/]+)(\/stream)?$/;
const FORMAT = /^(mp3|wav|pcm)_(\d{4,5})(?:_(\d{2,3}))?$/;

const ZBodySchema = z.object({
  text: z.string().min(1).max(5_000),
  model_id: z.string().optional(),
  language_code: z.string().min(2).max(3).optional(),
  voice_settings: z.record(z.string(), z.unknown()).nullish(),
  seed: z.number().int().optional(),
});

const ERROR_STATUS: Record<number, string> = {
  400: "invalid_request",
  401: "invalid_api_key",
  404: "voice_not_found",
  429: "too_many_concurrent_requests",
  500: "internal_error",
  503: "system_busy",
};

function send(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}

function refuse(response: ServerResponse, status: number, message: string) {
  send(response, status, { detail: { status: ERROR_STATUS[status] ?? "error", message } });
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).byteLength;
    if (size > 1_000_000) throw new Error("body too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The audio for a text in a format: tones for wav/pcm, silent MP3 frames for mp3 (about as long). */
export function fakeAudio(text: string, format: string): { body: Buffer; contentType: string } | null {
  const match = format.match(FORMAT);
  if (!match) return null;
  const [, codec, rate] = match;
  const sampleRate = Number(rate);
  const pcm = toneSpeechPcm(text, codec === "mp3" ? 16_000 : sampleRate);
  if (codec === "pcm") return { body: pcm, contentType: "application/octet-stream" };
  if (codec === "wav") return { body: pcmToWav(pcm, sampleRate), contentType: "audio/wav" };
  return { body: silentMp3(pcm.byteLength / 2 / 16_000), contentType: "audio/mpeg" };
}

export async function startFakeSpeech(options: FakeSpeechOptions = {}): Promise<FakeSpeech> {
  const faults: z.output<typeof ZFakeSpeechFaultSchema>[] = [];
  let requests: FakeSpeechRequest[] = [];
  const log = options.log ?? (() => {});

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? "/", "http://fake");
    if (url.pathname === "/__fake/requests" && request.method === "GET") {
      return send(response, 200, { requests });
    }
    if (url.pathname === "/__fake/reset" && request.method === "POST") {
      requests = [];
      faults.length = 0;
      return send(response, 200, { ok: true });
    }
    if (url.pathname === "/__fake/faults" && request.method === "POST") {
      const parsed = z
        .object({ faults: z.array(ZFakeSpeechFaultSchema).max(100) })
        .safeParse(JSON.parse((await readBody(request)) || "{}"));
      if (!parsed.success) return send(response, 400, { error: parsed.error.message });
      faults.push(...parsed.data.faults);
      return send(response, 200, { queued: faults.length });
    }
    if (url.pathname === "/v1/voices" && request.method === "GET") {
      return send(response, 200, {
        voices: [
          { voice_id: "JBFqnCBsd6RMkjVDRZzb", name: "KAVI fake voice", category: "premade", labels: {} },
        ],
      });
    }
    const route = url.pathname.match(ROUTE);
    if (!route || request.method !== "POST") return refuse(response, 404, "Not found");
    const apiKey = (request.headers["xi-api-key"] as string | undefined) ?? null;
    if (!apiKey) return refuse(response, 401, "No xi-api-key header");
    let json: unknown;
    try {
      json = JSON.parse(await readBody(request));
    } catch {
      return send(response, 400, { detail: { status: "invalid_request", message: "Body is not JSON" } });
    }
    const body = ZBodySchema.safeParse(json);
    if (!body.success) {
      return send(response, 422, {
        detail: body.error.issues.map((issue) => ({
          loc: ["body", ...issue.path.map(String)],
          msg: issue.message,
          type: issue.code,
        })),
      });
    }
    const outputFormat = url.searchParams.get("output_format") ?? "mp3_44100_128";
    requests.push({
      voiceId: decodeURIComponent(route[1] ?? ""),
      apiKey,
      text: body.data.text,
      modelId: body.data.model_id ?? null,
      languageCode: body.data.language_code ?? null,
      outputFormat,
      at: new Date().toISOString(),
    });
    if (options.latencyMs) await sleep(options.latencyMs);
    const fault = faults.shift();
    if (fault?.kind === "slow") await sleep(fault.delayMs);
    if (fault?.kind === "error") return refuse(response, fault.status, `Injected ${fault.status}`);
    const audio = fakeAudio(body.data.text, outputFormat);
    if (!audio) {
      return send(response, 422, {
        detail: [{ loc: ["query", "output_format"], msg: `Unknown format ${outputFormat}`, type: "enum" }],
      });
    }
    log(`${outputFormat} ${audio.body.byteLength} bytes for ${body.data.text.length} characters`);
    response.writeHead(200, { "content-type": audio.contentType, "content-length": audio.body.byteLength });
    response.end(audio.body);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      log(`failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!response.headersSent) refuse(response, 500, "The fake failed");
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  const url = `http://${options.host ?? "127.0.0.1"}:${address.port}`;
  return {
    url,
    port: address.port,
    injectFaults(next) {
      faults.push(...next.map((fault) => ZFakeSpeechFaultSchema.parse(fault)));
    },
    requests: () => [...requests],
    reset() {
      requests = [];
      faults.length = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
