/**
 * Audio bytes KAVI makes itself: a WAV wrapper for raw PCM (ElevenLabs' `pcm_*` formats are headerless 16-bit
 * little-endian mono), and the fake's "voice": real, playable sound shaped like the text (a syllable-long tone
 * per few letters, a pause per word), so the fake needs no network and no speech engine.
 */

/** 16-bit mono PCM in a RIFF/WAVE container. */
export function pcmToWav(pcm: Uint8Array, sampleRate: number): Buffer {
  const header = Buffer.alloc(44);
  header.write("RIFF", 0, "ascii");
  header.writeUInt32LE(36 + pcm.byteLength, 4);
  header.write("WAVE", 8, "ascii");
  header.write("fmt ", 12, "ascii");
  header.writeUInt32LE(16, 16); // fmt chunk size
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28); // bytes per second
  header.writeUInt16LE(2, 32); // block align
  header.writeUInt16LE(16, 34); // bits per sample
  header.write("data", 36, "ascii");
  header.writeUInt32LE(pcm.byteLength, 40);
  return Buffer.concat([header, pcm]);
}

const MAX_SECONDS = 30;

/** Tones that follow the text: one short tone per syllable-ish chunk, silence between words. Deterministic. */
export function toneSpeechPcm(text: string, sampleRate: number): Buffer {
  const words = text.split(/\s+/).filter(Boolean);
  const samples: number[] = [];
  const limit = sampleRate * MAX_SECONDS;
  const push = (count: number, value: (i: number) => number) => {
    for (let i = 0; i < count && samples.length < limit; i++) samples.push(value(i));
  };
  for (const word of words) {
    for (let start = 0; start < word.length; start += 3) {
      const chunk = word.slice(start, start + 3);
      const code = [...chunk].reduce((sum, char) => sum + (char.codePointAt(0) ?? 0), 0);
      const frequency = 170 + (code % 12) * 18;
      const length = Math.round(sampleRate * 0.12);
      push(length, (i) => {
        // A soft envelope, so the tones do not click.
        const envelope = Math.sin((Math.PI * i) / length);
        return Math.round(9000 * envelope * Math.sin((2 * Math.PI * frequency * i) / sampleRate));
      });
    }
    push(Math.round(sampleRate * 0.08), () => 0);
  }
  if (samples.length === 0) push(Math.round(sampleRate * 0.2), () => 0);
  const pcm = Buffer.alloc(samples.length * 2);
  samples.forEach((sample, index) => {
    pcm.writeInt16LE(sample, index * 2);
  });
  return pcm;
}

/**
 * A valid MPEG-1 Layer III stream of silence (mono, 44.1 kHz, 128 kbit/s) lasting about `seconds`: every
 * frame is a header and zeroed side information, which decoders play as silence. The fake has no MP3
 * encoder, so an `mp3_*` request gets correct, playable, quiet audio (ask for `wav_*` or `pcm_*` to hear tones).
 */
export function silentMp3(seconds: number): Buffer {
  const frameBytes = Math.floor((144 * 128_000) / 44_100); // 417
  const frames = Math.max(1, Math.ceil((Math.min(seconds, MAX_SECONDS) * 44_100) / 1152));
  const frame = Buffer.alloc(frameBytes);
  // Sync, MPEG-1, Layer III, no CRC | 128 kbit/s, 44.1 kHz, no padding | mono.
  frame.set([0xff, 0xfb, 0x90, 0xc0], 0);
  return Buffer.concat(Array.from({ length: frames }, () => frame));
}
