import { silentLogger } from "@kavi/api";
import { createSpeechClient, type SpeechSettings } from "@kavi/speech";
import { type FakeSpeech, startFakeSpeech } from "@kavi/speech/fake";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { speechKeyFor, synthesizeSpeech } from "../services/assistant/speech";
import {
  createBusinessFor,
  createTestHarness,
  refusal,
  type SignedInUser,
  signUpUser,
  type TestHarness,
} from "../testing";

let fake: FakeSpeech;
let harness: TestHarness;
let settings: SpeechSettings;
let owner: SignedInUser;
let businessId: string;

beforeAll(async () => {
  fake = await startFakeSpeech();
  settings = {
    apiKey: "test-key",
    baseUrl: fake.url,
    voiceId: "JBFqnCBsd6RMkjVDRZzb",
    modelId: "eleven_v3",
    outputFormat: "wav_22050",
    timeoutSeconds: 5,
  };
  harness = await createTestHarness({ speech: settings });
  harness.setNow(new Date("2026-12-03T10:00:00+03:00"));
  owner = await signUpUser(harness);
  businessId = (await createBusinessFor(owner)).id;
});
afterAll(async () => {
  await harness.close();
  await fake.close();
});

/** What the worker does with a `speech.synthesize` job. */
function runJob(key: string, isLast = false) {
  return synthesizeSpeech(
    harness.serviceContext({ logger: silentLogger, speech: createSpeechClient(settings) }),
    { speechKey: key, isLast },
  );
}

describe("assistant speech", () => {
  it("synthesizes an answer once, in words, and serves the cached audio after", async () => {
    const answer = await owner.caller.assistant.ask({ businessId, message: "Tumepata pesa ngapi wiki hii?" });
    const first = await owner.caller.assistant.speech.request({ businessId, messageId: answer.messageId });
    expect(first.status).toBe("pending");
    expect(first.language).toBe("sw");
    expect(first.text).toContain("shilingi");
    expect(first.text).not.toMatch(/KES \d/);
    expect(fake.requests()).toHaveLength(0);

    const key = speechKeyFor(first.text, "sw", settings);
    expect(await runJob(key)).toBe("ready");
    expect(fake.requests()).toEqual([
      expect.objectContaining({ text: first.text, languageCode: "sw", outputFormat: "wav_22050" }),
    ]);
    const ready = await owner.caller.assistant.speech.get({ businessId, messageId: answer.messageId });
    expect(ready).toMatchObject({ status: "ready", contentType: "audio/wav" });
    if (ready.status !== "ready") throw new Error("not ready");
    expect(Buffer.from(ready.audioBase64, "base64").subarray(0, 4).toString("ascii")).toBe("RIFF");

    // The same words again (another answer, same text) cost nothing: ready at once, no new ElevenLabs call.
    const again = await owner.caller.assistant.ask({ businessId, message: "Tumepata pesa ngapi wiki hii?" });
    const cached = await owner.caller.assistant.speech.request({ businessId, messageId: again.messageId });
    expect(cached.status).toBe("ready");
    expect(await runJob(key)).toBe("skipped");
    expect(fake.requests()).toHaveLength(1);
  });

  it("marks a refused synthesis failed (the browser's voice takes over), and tries again when asked", async () => {
    fake.reset();
    const answer = await owner.caller.assistant.ask({ businessId, message: "How much did we spend today?" });
    const asked = await owner.caller.assistant.speech.request({ businessId, messageId: answer.messageId });
    const key = speechKeyFor(asked.text, "en", settings);
    fake.injectFaults([
      { kind: "error", status: 429 },
      { kind: "error", status: 401 },
    ]);
    await expect(runJob(key)).rejects.toMatchObject({ retryable: true });
    expect(await runJob(key)).toBe("failed");
    expect(
      (await owner.caller.assistant.speech.get({ businessId, messageId: answer.messageId })).status,
    ).toBe("failed");
    expect(
      (await owner.caller.assistant.speech.request({ businessId, messageId: answer.messageId })).status,
    ).toBe("pending");
    expect(await runJob(key)).toBe("ready");
  });

  it("reads only the asker's own answers", async () => {
    const answer = await owner.caller.assistant.ask({ businessId, message: "How much did we make today?" });
    const stranger = await signUpUser(harness);
    const theirs = (await createBusinessFor(stranger)).id;
    for (const scope of [businessId, theirs]) {
      const refused = await refusal(
        stranger.caller.assistant.speech.request({ businessId: scope, messageId: answer.messageId }),
      );
      expect(refused.code).toBe("NOT_FOUND");
    }
  });
});

describe("assistant speech without ElevenLabs", () => {
  it("says so, with the words for the browser to read", async () => {
    const quiet = await createTestHarness();
    try {
      const person = await signUpUser(quiet);
      const id = (await createBusinessFor(person)).id;
      const answer = await person.caller.assistant.ask({
        businessId: id,
        message: "How much did we make today?",
      });
      const state = await person.caller.assistant.speech.request({
        businessId: id,
        messageId: answer.messageId,
      });
      expect(state).toMatchObject({ status: "unavailable", language: "en" });
      expect(state.text).toMatch(/zero shillings/);
    } finally {
      await quiet.close();
    }
  });
});
