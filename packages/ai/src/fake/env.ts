import { z } from "zod";
import { FAKE_FAULT_KINDS } from "./server";

const ZFakeGeminiEnvSchema = z.object({
  GEMINI_FAKE_PORT: z.coerce.number().int().min(0).max(65_535).default(8090),
  GEMINI_FAKE_HOST: z.string().min(1).default("127.0.0.1"),
  /** Every request fails this way (for trying the app against a broken model): error, slow, malformed_json, … */
  GEMINI_FAKE_FAULT: z.enum(FAKE_FAULT_KINDS).optional(),
  /** Pause between the events of a streamed answer, so the assistant's reply is seen arriving in development. */
  GEMINI_FAKE_STREAM_DELAY_MS: z.coerce.number().int().min(0).max(5_000).default(60),
});

export type FakeGeminiEnv = z.output<typeof ZFakeGeminiEnvSchema>;

export function readFakeGeminiEnv(
  source: Readonly<Record<string, string | undefined>> = process.env,
): FakeGeminiEnv {
  const parsed = ZFakeGeminiEnvSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join(".")}: ${issue.message}`)
      .join("; ");
    throw new Error(`Invalid fake Gemini environment: ${problems}`);
  }
  return parsed.data;
}
