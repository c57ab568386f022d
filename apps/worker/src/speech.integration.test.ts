import { createSpeechClient, type SpeechSettings } from "@kavi/api/services";
import { createBusinessFor, createTestHarness, signUpUser, type TestHarness } from "@kavi/api/testing";
import { type FakeSpeech, startFakeSpeech } from "@kavi/speech/fake";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestWorker, type TestWorker } from "./testing";

let harness: TestHarness;
let worker: TestWorker;
let fake: FakeSpeech;

beforeAll(async () => {
  fake = await startFakeSpeech();
  const settings: SpeechSettings = {
    apiKey: "worker-test-key",
    baseUrl: fake.url,
    voiceId: "JBFqnCBsd6RMkjVDRZzb",
    modelId: "eleven_v3",
    outputFormat: "mp3_44100_128",
    timeoutSeconds: 5,
  };
  harness = await createTestHarness({ speech: settings });
  worker = await startTestWorker(harness, ["speech"], { speech: createSpeechClient(settings) });
});

afterAll(async () => {
  await worker.close();
  await fake.close();
  await harness.close();
});

describe("speech through the worker", () => {
  it("the job a Read aloud queues calls ElevenLabs once and the audio becomes ready", async () => {
    const owner = await signUpUser(harness);
    const businessId = (await createBusinessFor(owner)).id;
    const answer = await owner.caller.assistant.ask({ businessId, message: "How much did we make today?" });
    const input = { businessId, messageId: answer.messageId };
    expect((await owner.caller.assistant.speech.request(input)).status).toBe("pending");
    // Asked twice while the job waits: still one job, one ElevenLabs call.
    await owner.caller.assistant.speech.request(input);
    const deadline = Date.now() + 30_000;
    let state = await owner.caller.assistant.speech.get(input);
    while (state.status === "pending" && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      state = await owner.caller.assistant.speech.get(input);
    }
    expect(state).toMatchObject({ status: "ready", contentType: "audio/mpeg" });
    expect(fake.requests()).toHaveLength(1);
    expect(fake.requests()[0]).toMatchObject({ languageCode: "en", outputFormat: "mp3_44100_128" });
  });
});
