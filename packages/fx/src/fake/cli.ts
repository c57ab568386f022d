import { readFakeFxEnv } from "./env";
import { startFakeFx } from "./server";

/** `pnpm --filter @kavi/fx fake`: a local CBK rates table for development (started by `pnpm dev`). */
const env = readFakeFxEnv();
const log = (message: string) => console.error(`[fx-fake] ${new Date().toISOString()} ${message}`);
const fake = await startFakeFx({ port: env.FX_FAKE_PORT, host: env.FX_FAKE_HOST, log });
log(`ready: FX_BASE_URL=${fake.url} (control: ${fake.url}/__fake/requests)`);

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
