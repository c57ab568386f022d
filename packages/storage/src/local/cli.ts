import { readLocalS3Env } from "./env";
import { LOCAL_S3_CREDENTIALS, startLocalS3 } from "./server";

/** `pnpm --filter @kavi/storage local`: the local S3-compatible server for development (started by `pnpm dev`). */
const env = readLocalS3Env();
const log = (message: string) => console.error(`[local-s3] ${new Date().toISOString()} ${message}`);
const server = await startLocalS3({
  port: env.LOCAL_S3_PORT,
  host: env.LOCAL_S3_HOST,
  directory: env.LOCAL_S3_DIRECTORY || undefined,
  corsOrigins: env.LOCAL_S3_CORS_ORIGINS.split(",")
    .map((origin) => origin.trim())
    .filter(Boolean),
  credentials:
    env.S3_ACCESS_KEY_ID && env.S3_SECRET_ACCESS_KEY
      ? { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY }
      : LOCAL_S3_CREDENTIALS,
  buckets: env.LOCAL_S3_BUCKETS.split(",")
    .map((bucket) => bucket.trim())
    .filter(Boolean),
  log,
});
log(
  `ready: S3_ENDPOINT=${server.url}${env.LOCAL_S3_DIRECTORY ? ` (objects in ${env.LOCAL_S3_DIRECTORY})` : " (in memory)"}`,
);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    log(`${signal}: closing`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
