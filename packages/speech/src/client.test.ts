import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createSpeechClient, SpeechError, type SpeechSettings } from "./client";
import { type FakeSpeech, startFakeSpeech } from "./fake";

let fake: FakeSpeech;
const settings = (overrides: Partial<SpeechSettings> = {}): SpeechSettings => ({
  apiKey: "test-key",
  baseUrl: fake.url,
  voiceId: "JBFqnCBsd6RMkjVDRZzb",
  modelId: "eleven_v3",
  outputFormat: "wav_22050",
  timeoutSeconds: 5,
  ...overrides,
});

beforeAll(async () => {
  fake = await startFakeSpeech();
});
beforeEach(() => fake.reset());
afterAll(async () => {
  await fake.close();
});

describe("speech client against the fake ElevenLabs", () => {
  it("gets playable audio, sending the text, voice, model and language", async () => {
    const speech = await createSpeechClient(settings()).synthesize("shilingi elfu kumi na mbili", "sw");
    expect(speech.contentType).toBe("audio/wav");
    expect(speech.audio.subarray(0, 4).toString("ascii")).toBe("RIFF");
    expect(fake.requests()).toEqual([
      expect.objectContaining({
        voiceId: "JBFqnCBsd6RMkjVDRZzb",
        apiKey: "test-key",
        text: "shilingi elfu kumi na mbili",
        modelId: "eleven_v3",
        languageCode: "sw",
        outputFormat: "wav_22050",
      }),
    ]);
  });

  it("wraps raw PCM in WAV, and passes MP3 through", async () => {
    const pcm = await createSpeechClient(settings({ outputFormat: "pcm_16000" })).synthesize("hello", "en");
    expect(pcm.contentType).toBe("audio/wav");
    expect(pcm.audio.readUInt32LE(24)).toBe(16_000);
    const mp3 = await createSpeechClient(settings({ outputFormat: "mp3_44100_128" })).synthesize(
      "hello",
      "en",
    );
    expect(mp3.contentType).toBe("audio/mpeg");
    expect(mp3.audio[0]).toBe(0xff);
  });

  it("leaves the language out for a model that refuses it", async () => {
    await createSpeechClient(settings({ modelId: "eleven_multilingual_v2" })).synthesize("hello", "en");
    expect(fake.requests()[0]?.languageCode).toBeNull();
  });

  it("says which failures are worth retrying", async () => {
    const client = createSpeechClient(settings());
    fake.injectFaults([
      { kind: "error", status: 429 },
      { kind: "error", status: 401 },
    ]);
    const busy = await client.synthesize("one", "en").catch((error: unknown) => error);
    expect(busy).toBeInstanceOf(SpeechError);
    expect(busy).toMatchObject({ status: 429, retryable: true });
    const denied = await client.synthesize("two", "en").catch((error: unknown) => error);
    expect(denied).toMatchObject({ status: 401, retryable: false, message: "invalid_api_key: Injected 401" });
  });

  it("times out on a slow answer, as retryable", async () => {
    fake.injectFaults([{ kind: "slow", delayMs: 3_000 }]);
    const slow = await createSpeechClient(settings({ timeoutSeconds: 1 }))
      .synthesize("slow", "en")
      .catch((error: unknown) => error);
    expect(slow).toMatchObject({ retryable: true });
  });
});
