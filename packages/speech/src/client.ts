import { ElevenLabsClient, ElevenLabsError, ElevenLabsTimeoutError } from "@elevenlabs/elevenlabs-js";
import { z } from "zod";
import { pcmToWav } from "./audio";

/** The formats KAVI asks for: ones a browser plays (raw PCM is wrapped in a WAV header here). */
export const SPEECH_OUTPUT_FORMATS = [
  "mp3_22050_32",
  "mp3_24000_48",
  "mp3_44100_64",
  "mp3_44100_128",
  "wav_16000",
  "wav_22050",
  "wav_24000",
  "pcm_16000",
  "pcm_22050",
  "pcm_24000",
] as const;
export type SpeechOutputFormat = (typeof SPEECH_OUTPUT_FORMATS)[number];

export const SPEECH_LANGUAGES = ["en", "sw"] as const;
export type SpeechLanguage = (typeof SPEECH_LANGUAGES)[number];

/** The ElevenLabs settings (docs/configuration.md), for each app's env schema. */
export const speechEnvShape = {
  /** Unset: no ElevenLabs (the browser reads answers aloud). `pnpm dev` sets a key for the local fake. */
  ELEVENLABS_API_KEY: z.string().min(1).optional(),
  /** Overrides https://api.elevenlabs.io: the local fake (http://127.0.0.1:8092) in development and tests. */
  ELEVENLABS_BASE_URL: z.url().default("https://api.elevenlabs.io"),
  ELEVENLABS_VOICE_ID: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, { error: "A voice id such as JBFqnCBsd6RMkjVDRZzb" })
    .default("JBFqnCBsd6RMkjVDRZzb"),
  /** eleven_v3 is the model that speaks Kiswahili. */
  ELEVENLABS_MODEL_ID: z
    .string()
    .regex(/^[a-z0-9_.-]{1,64}$/, { error: "A model id such as eleven_v3" })
    .default("eleven_v3"),
  ELEVENLABS_OUTPUT_FORMAT: z.enum(SPEECH_OUTPUT_FORMATS).default("mp3_44100_128"),
  ELEVENLABS_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(120).default(20),
};

export interface SpeechSettings {
  apiKey: string;
  baseUrl: string;
  voiceId: string;
  modelId: string;
  outputFormat: SpeechOutputFormat;
  timeoutSeconds: number;
}

/** The settings when a key is set; null means speech is off (the browser's own voice is used). */
export function speechSettingsFromEnv(env: {
  ELEVENLABS_API_KEY?: string | undefined;
  ELEVENLABS_BASE_URL: string;
  ELEVENLABS_VOICE_ID: string;
  ELEVENLABS_MODEL_ID: string;
  ELEVENLABS_OUTPUT_FORMAT: SpeechOutputFormat;
  ELEVENLABS_TIMEOUT_SECONDS: number;
}): SpeechSettings | null {
  if (!env.ELEVENLABS_API_KEY) return null;
  return {
    apiKey: env.ELEVENLABS_API_KEY,
    baseUrl: env.ELEVENLABS_BASE_URL.replace(/\/$/, ""),
    voiceId: env.ELEVENLABS_VOICE_ID,
    modelId: env.ELEVENLABS_MODEL_ID,
    outputFormat: env.ELEVENLABS_OUTPUT_FORMAT,
    timeoutSeconds: env.ELEVENLABS_TIMEOUT_SECONDS,
  };
}

export function contentTypeOf(format: SpeechOutputFormat): string {
  return format.startsWith("mp3_") ? "audio/mpeg" : "audio/wav";
}

/** Why a synthesis failed, and whether trying again later could help (429, 5xx, timeouts: yes; 4xx: no). */
export class SpeechError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = "SpeechError";
  }
}

export interface SynthesizedSpeech {
  audio: Buffer;
  contentType: string;
}

export interface SpeechClient {
  readonly settings: SpeechSettings;
  synthesize(text: string, language: SpeechLanguage): Promise<SynthesizedSpeech>;
}

const ZErrorBodySchema = z.object({
  detail: z.union([
    z.string(),
    z.object({ status: z.string().optional(), message: z.string().optional() }).passthrough(),
    z.array(z.object({ msg: z.string() }).passthrough()),
  ]),
});

function describeError(body: unknown): string {
  const parsed = ZErrorBodySchema.safeParse(body);
  if (!parsed.success) return "ElevenLabs refused the request";
  const { detail } = parsed.data;
  if (typeof detail === "string") return detail;
  if (Array.isArray(detail)) return detail.map((item) => item.msg).join("; ");
  return [detail.status, detail.message].filter(Boolean).join(": ") || "ElevenLabs refused the request";
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (value) chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/**
 * ElevenLabs text-to-speech through its SDK, at a configurable base URL. No retries in the client: the
 * worker's job retries (with backoff) decide that, so a slow ElevenLabs never holds a request open.
 */
export function createSpeechClient(settings: SpeechSettings): SpeechClient {
  const client = new ElevenLabsClient({
    apiKey: settings.apiKey,
    baseUrl: settings.baseUrl,
    maxRetries: 0,
    timeoutInSeconds: settings.timeoutSeconds,
  });
  // Only some models take a language code (eleven_multilingual_v2 refuses it).
  const takesLanguage = settings.modelId !== "eleven_multilingual_v2";
  return {
    settings,
    async synthesize(text, language) {
      let audio: Buffer;
      try {
        const stream = await client.textToSpeech.convert(settings.voiceId, {
          text,
          modelId: settings.modelId,
          outputFormat: settings.outputFormat,
          ...(takesLanguage ? { languageCode: language } : {}),
        });
        audio = await readAll(stream);
      } catch (error) {
        if (error instanceof ElevenLabsTimeoutError)
          throw new SpeechError("ElevenLabs timed out", null, true);
        if (error instanceof ElevenLabsError) {
          const status = error.statusCode ?? null;
          const retryable = status === null || status === 408 || status === 429 || status >= 500;
          throw new SpeechError(describeError(error.body), status, retryable);
        }
        throw new SpeechError(error instanceof Error ? error.message : String(error), null, true);
      }
      if (audio.byteLength === 0) throw new SpeechError("ElevenLabs sent no audio", null, true);
      const format = settings.outputFormat;
      if (format.startsWith("pcm_")) {
        return { audio: pcmToWav(audio, Number(format.slice(4))), contentType: "audio/wav" };
      }
      return { audio, contentType: contentTypeOf(format) };
    },
  };
}
