import { describe, expect, it } from "vitest";
import { pcmToWav, silentMp3, toneSpeechPcm } from "./audio";

describe("audio", () => {
  it("wraps PCM in a WAV header a player accepts", () => {
    const pcm = toneSpeechPcm("Habari, mauzo ya leo", 22_050);
    const wav = pcmToWav(pcm, 22_050);
    expect(wav.subarray(0, 4).toString("ascii")).toBe("RIFF");
    expect(wav.subarray(8, 12).toString("ascii")).toBe("WAVE");
    expect(wav.readUInt32LE(24)).toBe(22_050);
    expect(wav.readUInt32LE(40)).toBe(pcm.byteLength);
    expect(wav.byteLength).toBe(pcm.byteLength + 44);
    // Real sound, not silence.
    expect(
      Math.max(...Array.from({ length: 2000 }, (_, i) => Math.abs(pcm.readInt16LE(i * 2)))),
    ).toBeGreaterThan(1000);
  });

  it("makes longer audio for longer text, the same for the same text", () => {
    expect(toneSpeechPcm("one two three four", 16_000).byteLength).toBeGreaterThan(
      toneSpeechPcm("one", 16_000).byteLength,
    );
    expect(toneSpeechPcm("sawa", 16_000).equals(toneSpeechPcm("sawa", 16_000))).toBe(true);
  });

  it("writes MP3 frames with a valid header", () => {
    const mp3 = silentMp3(1);
    expect(mp3.byteLength % 417).toBe(0);
    expect([...mp3.subarray(0, 4)]).toEqual([0xff, 0xfb, 0x90, 0xc0]);
  });
});
