import { z } from "zod";

const ZFakeSpeechEnvSchema = z.object({
  ELEVENLABS_FAKE_PORT: z.coerce.number().int().min(0).max(65_535).default(8092),
  ELEVENLABS_FAKE_HOST: z.string().min(1).default("127.0.0.1"),
  /** Every answer waits this long (for trying the app against a slow ElevenLabs). */
  ELEVENLABS_FAKE_LATENCY_MS: z.coerce.number().int().min(0).max(120_000).default(0),
});

export type FakeSpeechEnv = z.output<typeof ZFakeSpeechEnvSchema>;

export function readFakeSpeechEnv(
  source: Readonly<Record<string, string | undefined>> = process.env,
): FakeSpeechEnv {
  const parsed = ZFakeSpeechEnvSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join(".")}: ${issue.message}`)
      .join("; ");
    throw new Error(`Invalid fake ElevenLabs environment: ${problems}`);
  }
  return parsed.data;
}
