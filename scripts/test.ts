/**
 * The README's test command: every test project (unit, integration against real PostgreSQL and Redis, browser
 * end-to-end in Chromium, infrastructure synthesis) in one vitest run. PostgreSQL and Redis come from
 * DATABASE_URL/REDIS_URL when they answer; otherwise the same local fallbacks as `pnpm dev` are started
 * (embedded PostgreSQL, a redis-server) and stopped afterwards. Extra arguments go to vitest.
 */
import { spawn } from "node:child_process";
import { EnvError, loadScriptsEnv } from "./env";
import { ensurePostgres, ensureRedis, ServiceError } from "./lib/services";

function maintenanceUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  url.pathname = "/postgres";
  return url.toString();
}

async function main(): Promise<number> {
  const { settings, merged } = loadScriptsEnv();
  const postgres = await ensurePostgres(maintenanceUrl(settings.DATABASE_URL), {
    notify: (message) => console.log(`postgres: ${message}`),
  });
  const redis = await ensureRedis(settings.REDIS_URL, {
    notify: (message) => console.log(`redis: ${message}`),
  });
  try {
    return await new Promise<number>((resolve) => {
      const child = spawn("pnpm", ["exec", "vitest", "run", ...process.argv.slice(2)], {
        stdio: "inherit",
        env: { ...merged, TEST_DATABASE_URL: postgres.url, TEST_REDIS_URL: redis.url },
      });
      const forward = (signal: NodeJS.Signals) => child.kill(signal);
      process.on("SIGINT", forward);
      process.on("SIGTERM", forward);
      child.on("exit", (code, signal) => resolve(signal ? 1 : (code ?? 1)));
    });
  } finally {
    await redis.stop();
    await postgres.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof EnvError || error instanceof ServiceError) {
      console.error(error.message);
    } else {
      console.error(error);
    }
    process.exit(1);
  },
);
