/**
 * The README's test command: every test project (unit, integration against real PostgreSQL and Redis, browser
 * end-to-end in Chromium, infrastructure synthesis). PostgreSQL and Redis come from DATABASE_URL/REDIS_URL when they
 * answer; otherwise the same local fallbacks as `pnpm dev` are started (embedded PostgreSQL, a redis-server) and
 * stopped afterwards. Extra arguments go to vitest.
 *
 * With no arguments, two vitest runs go side by side: the browser tier (`e2e`, one file at a time, mostly waiting
 * on Chromium and its stack) and everything else (CPU-bound, two files at a time). One after the other they took
 * the sum of both; together, about the browser tier's time. Every line of the browser run is prefixed `[browser]`.
 * The command fails if either run fails. With arguments it is one vitest run, as before.
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { EnvError, loadScriptsEnv } from "./env";
import { ensurePostgres, ensureRedis, ServiceError } from "./lib/services";

function maintenanceUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  url.pathname = "/postgres";
  return url.toString();
}

/** The browser tier's project: run beside the rest when `pnpm test` has no arguments. */
const BROWSER_PROJECT = "e2e";

interface Run {
  args: string[];
  /** Written before each line of output; none streams the child's output untouched. */
  prefix?: string;
}

function runVitest(
  run: Run,
  env: NodeJS.ProcessEnv,
  children: Set<ReturnType<typeof spawn>>,
): Promise<number> {
  return new Promise<number>((resolve) => {
    const child = spawn("pnpm", ["exec", "vitest", "run", ...run.args], {
      stdio: run.prefix ? ["inherit", "pipe", "pipe"] : "inherit",
      env,
    });
    children.add(child);
    const { prefix } = run;
    if (prefix && child.stdout && child.stderr) {
      for (const [from, to] of [
        [child.stdout, process.stdout],
        [child.stderr, process.stderr],
      ] as const) {
        createInterface({ input: from }).on("line", (line) => to.write(`${prefix}${line}\n`));
      }
    }
    child.on("exit", (code, signal) => {
      children.delete(child);
      resolve(signal ? 1 : (code ?? 1));
    });
  });
}

async function main(): Promise<number> {
  const { settings, merged } = loadScriptsEnv();
  const postgres = await ensurePostgres(maintenanceUrl(settings.DATABASE_URL), {
    notify: (message) => console.log(`postgres: ${message}`),
  });
  const redis = await ensureRedis(settings.REDIS_URL, {
    notify: (message) => console.log(`redis: ${message}`),
  });
  const env = { ...merged, TEST_DATABASE_URL: postgres.url, TEST_REDIS_URL: redis.url };
  const extra = process.argv.slice(2);
  const runs: Run[] =
    extra.length > 0
      ? [{ args: extra }]
      : [
          { args: ["--project", `!${BROWSER_PROJECT}`] },
          { args: ["--project", BROWSER_PROJECT], prefix: "[browser] " },
        ];
  const children = new Set<ReturnType<typeof spawn>>();
  const forward = (signal: NodeJS.Signals) => {
    for (const child of children) child.kill(signal);
  };
  process.on("SIGINT", forward);
  process.on("SIGTERM", forward);
  try {
    const codes = await Promise.all(runs.map((run) => runVitest(run, env, children)));
    if (runs.length > 1) {
      console.log(
        `\npnpm test: browser tier ${codes[1] === 0 ? "passed" : "FAILED"}, every other tier ${codes[0] === 0 ? "passed" : "FAILED"}`,
      );
    }
    return codes.find((code) => code !== 0) ?? 0;
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
