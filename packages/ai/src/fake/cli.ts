import { readFakeGeminiEnv } from "./env";
import { startFakeGemini } from "./server";

/** `pnpm --filter @kavi/ai fake`: a local Gemini for development (started by `pnpm dev`). */
const env = readFakeGeminiEnv();
const log = (message: string) => console.error(`[gemini-fake] ${new Date().toISOString()} ${message}`);
const fake = await startFakeGemini({
  port: env.GEMINI_FAKE_PORT,
  host: env.GEMINI_FAKE_HOST,
  stickyFault: env.GEMINI_FAKE_FAULT ? { kind: env.GEMINI_FAKE_FAULT } : null,
  streamDelayMs: env.GEMINI_FAKE_STREAM_DELAY_MS,
  log,
});
log(`ready: GEMINI_BASE_URL=${fake.url} (control: ${fake.url}/__fake/requests)`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    log(`${signal}: closing`);
    fake.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
