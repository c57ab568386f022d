import { readFakeSpeechEnv } from "./env";
import { startFakeSpeech } from "./server";

/** `pnpm --filter @kavi/speech fake`: a local ElevenLabs for development (started by `pnpm dev`). */
const env = readFakeSpeechEnv();
const log = (message: string) => console.error(`[elevenlabs-fake] ${new Date().toISOString()} ${message}`);
const fake = await startFakeSpeech({
  port: env.ELEVENLABS_FAKE_PORT,
  host: env.ELEVENLABS_FAKE_HOST,
  latencyMs: env.ELEVENLABS_FAKE_LATENCY_MS,
  log,
});
log(`ready: ELEVENLABS_BASE_URL=${fake.url} (control: ${fake.url}/__fake/requests)`);

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
