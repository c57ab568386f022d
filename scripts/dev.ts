// `pnpm dev`: brings the whole product up from a fresh clone.
// 1. settings (environment, then .env, then defaults)   2. the dev ports are free
// 3. PostgreSQL and Redis (the configured ones, or local ones under .data/)   4. migrate and seed
// 5. mail catcher, M-Pesa simulator, server, worker, client, Gemini fake, each with reload   6. a banner once they listen
// Ctrl-C stops the apps first, then the services this script started.

import { basename } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { EnvError, loadScriptsEnv, type TScriptsEnv } from "./env";
import {
  bold,
  type Colour,
  createLinePrefixer,
  PROCESS_COLOURS,
  paint,
  say,
  setColoursEnabled,
} from "./lib/output";
import { repoRoot } from "./lib/paths";
import { describePortHolder, findPortHolder, isListening, isPortFree } from "./lib/ports";
import { type ManagedProcess, startManagedProcess } from "./lib/processes";
import { ensurePostgres, ensureRedis, type RunningService, redact, ServiceError } from "./lib/services";
import { missingScript, readWorkspacePackages, type WorkspacePackage } from "./lib/workspace";

type AppProcess = {
  name: string;
  label: string;
  pkg: string;
  script: string;
  /** Ports it listens on; checked before start and awaited for the banner. */
  ports: number[];
  /** Why it is not started, when it is not. */
  skipReason?: string;
};

const NAME_WIDTH = 8;
/** The delivery report URL's secret in development (the simulator and the server both get it). */
const DEV_SMS_CALLBACK_TOKEN = "dev-sms-delivery-reports-token";
const READY_TIMEOUT_MS = 120_000;

const children: ManagedProcess[] = [];
const services: RunningService[] = [];
let shuttingDown = false;

async function main(): Promise<void> {
  const { settings, merged, envFile } = loadScriptsEnv();
  setColoursEnabled(wantsColour(settings));
  say.step(`Starting KAVI for development${envFile ? " (settings from the environment and .env)" : ""}`);

  const packages = await readWorkspacePackages(repoRoot);
  const apps = planApps(settings, packages);
  for (const app of apps) {
    if (app.skipReason) say.note(`${app.label}: not started, ${app.skipReason}.`);
  }
  await checkPortsFree(apps.filter((app) => !app.skipReason));

  // Services. Their own logs only matter once they run: errors from the apps' queries, not start-up chatter.
  let showPostgresLogs = false;
  const postgresOutput = prefixedWriter("postgres", "gray");
  const postgres = await ensurePostgres(settings.DATABASE_URL, {
    notify: say.note,
    log: (line) => {
      if (showPostgresLogs && !shuttingDown && /\b(ERROR|FATAL|PANIC):/.test(line)) postgresOutput(line);
    },
  });
  registerService(postgres);
  showPostgresLogs = true;
  const createdNote = postgres.createdDatabase ? ` (created database "${databaseName(postgres.url)}")` : "";
  if (postgres.startedHere) {
    say.ok(
      `PostgreSQL: nothing answered at ${redact(settings.DATABASE_URL)}, so an embedded one runs at ${redact(postgres.url)}` +
        ` with its data in .data/postgres${createdNote}`,
    );
  } else {
    say.ok(`PostgreSQL at ${redact(postgres.url)}${createdNote}`);
  }

  let showRedisLogs = false;
  const redisOutput = prefixedWriter("redis", "gray");
  const redis = await ensureRedis(settings.REDIS_URL, {
    notify: say.note,
    log: (line) => {
      if (showRedisLogs && !shuttingDown) redisOutput(line);
    },
  });
  registerService(redis);
  showRedisLogs = true;
  if (redis.startedHere) {
    say.ok(
      `Redis: nothing answered at ${redact(settings.REDIS_URL)}, so redis-server runs at ${redact(redis.url)}`,
    );
  } else {
    say.ok(`Redis at ${redact(redis.url)}`);
  }

  const childEnv: NodeJS.ProcessEnv = {
    ...merged,
    DATABASE_URL: postgres.url,
    REDIS_URL: redis.url,
    SMTP_URL: settings.SMTP_URL,
    DARAJA_BASE_URL: settings.DARAJA_BASE_URL,
    // The simulator listens where the apps are told Daraja is.
    DARAJA_SIMULATOR_PORT:
      merged.DARAJA_SIMULATOR_PORT ?? (new URL(settings.DARAJA_BASE_URL).port || undefined),
    // Without a real key the worker (categorisation) and the server (the assistant) talk to the local fake Gemini.
    ...(settings.GEMINI_API_KEY
      ? {}
      : {
          GEMINI_API_KEY: "dev-fake-gemini-key",
          GEMINI_BASE_URL: `http://127.0.0.1:${settings.GEMINI_FAKE_PORT}`,
          GEMINI_FAKE_PORT: String(settings.GEMINI_FAKE_PORT),
        }),
    WEBHOOK_RECEIVER_PORT: String(settings.WEBHOOK_RECEIVER_PORT),
    // The local receiver is on 127.0.0.1, which webhooks may never reach unless its origin is listed.
    WEBHOOKS_ALLOWED_PRIVATE_ORIGINS:
      merged.WEBHOOKS_ALLOWED_PRIVATE_ORIGINS ??
      `http://127.0.0.1:${settings.WEBHOOK_RECEIVER_PORT},http://localhost:${settings.WEBHOOK_RECEIVER_PORT}`,
    // Without a real key, answers are read aloud by the local fake ElevenLabs (tones shaped like the words).
    ...(settings.ELEVENLABS_API_KEY
      ? {}
      : {
          ELEVENLABS_API_KEY: "dev-fake-elevenlabs-key",
          ELEVENLABS_BASE_URL: `http://127.0.0.1:${settings.ELEVENLABS_FAKE_PORT}`,
          ELEVENLABS_FAKE_PORT: String(settings.ELEVENLABS_FAKE_PORT),
          ELEVENLABS_OUTPUT_FORMAT: merged.ELEVENLABS_OUTPUT_FORMAT ?? "wav_22050",
        }),
    // Without a provider of your own, the daily rates job reads the local fake CBK rates table.
    ...(settings.FX_BASE_URL
      ? {}
      : {
          FX_BASE_URL: `http://127.0.0.1:${settings.FX_FAKE_PORT}`,
          FX_FAKE_PORT: String(settings.FX_FAKE_PORT),
        }),
    // Without a bucket of your own, uploads go to the local S3-compatible server (objects in .data/s3).
    ...(settings.S3_ENDPOINT || settings.S3_BUCKET
      ? {}
      : {
          S3_ENDPOINT: `http://127.0.0.1:${settings.LOCAL_S3_PORT}`,
          S3_BUCKET: "kavi-uploads-local",
          S3_REGION: "us-east-1",
          S3_ACCESS_KEY_ID: "kavi-local",
          S3_SECRET_ACCESS_KEY: "kavi-local-secret",
          LOCAL_S3_PORT: String(settings.LOCAL_S3_PORT),
          LOCAL_S3_BUCKETS: "kavi-uploads-local",
          LOCAL_S3_DIRECTORY: `${repoRoot}/.data/s3`,
          LOCAL_S3_CORS_ORIGINS: [
            merged.APP_URL ?? `http://localhost:${settings.CLIENT_PORT}`,
            `http://localhost:${settings.CLIENT_PORT}`,
            `http://127.0.0.1:${settings.CLIENT_PORT}`,
          ].join(","),
        }),
    // Without a real key, SMS go to the local Africa's Talking simulator, which reports delivery to the server.
    ...(settings.AFRICASTALKING_API_KEY
      ? {}
      : {
          AFRICASTALKING_API_KEY: "dev-simulator-at-key",
          AFRICASTALKING_USERNAME: "sandbox",
          AFRICASTALKING_BASE_URL: `http://127.0.0.1:${settings.AFRICASTALKING_SIMULATOR_PORT}/version1`,
          AFRICASTALKING_CALLBACK_TOKEN: DEV_SMS_CALLBACK_TOKEN,
          AFRICASTALKING_SIMULATOR_PORT: String(settings.AFRICASTALKING_SIMULATOR_PORT),
          AFRICASTALKING_SIMULATOR_REPORT_URL: `http://127.0.0.1:${settings.SERVER_PORT}/api/webhooks/africastalking/${DEV_SMS_CALLBACK_TOKEN}/delivery`,
        }),
    PORT: String(settings.SERVER_PORT),
    CLIENT_PORT: String(settings.CLIENT_PORT),
    VITE_API_PROXY_TARGET: `http://127.0.0.1:${settings.SERVER_PORT}`,
    APP_URL: merged.APP_URL ?? `http://localhost:${settings.CLIENT_PORT}`,
    API_PUBLIC_URL: merged.API_PUBLIC_URL ?? `http://localhost:${settings.SERVER_PORT}`,
    NODE_ENV: "development",
    ...(wantsColour(settings) && settings.FORCE_COLOR === undefined ? { FORCE_COLOR: "1" } : {}),
  };

  await prepareDatabase(settings, packages, childEnv);
  if (shuttingDown) return;

  const started: { app: AppProcess; process: ManagedProcess }[] = [];
  apps.forEach((app, index) => {
    if (app.skipReason) return;
    const colour = PROCESS_COLOURS[index % PROCESS_COLOURS.length] ?? "cyan";
    started.push({ app, process: startApp(app, settings, childEnv, colour) });
  });

  const listening = await waitUntilListening(started);
  if (!shuttingDown) printBanner(settings, apps, started, listening, postgres, redis);
}

function planApps(settings: TScriptsEnv, packages: Map<string, WorkspacePackage>): AppProcess[] {
  const daraja = new URL(settings.DARAJA_BASE_URL);
  const darajaIsLocal = ["127.0.0.1", "localhost", "[::1]"].includes(daraja.hostname);
  const apps: AppProcess[] = [
    {
      name: "mail",
      label: "Mail catcher",
      pkg: "@kavi/mailcatcher",
      script: "start",
      ports: [settings.MAILCATCHER_SMTP_PORT, settings.MAILCATCHER_HTTP_PORT],
    },
    {
      name: "mpesa",
      label: "M-Pesa simulator",
      pkg: "@kavi/daraja",
      script: "simulator",
      ports: [Number(daraja.port || (daraja.protocol === "https:" ? 443 : 80))],
    },
    {
      name: "webhooks",
      label: "Webhook receiver",
      pkg: "@kavi/webhook-receiver",
      script: "start",
      ports: [settings.WEBHOOK_RECEIVER_PORT],
    },
    { name: "server", label: "Server", pkg: "@kavi/server", script: "dev", ports: [settings.SERVER_PORT] },
    { name: "worker", label: "Worker", pkg: "@kavi/worker", script: "dev", ports: [] },
    { name: "client", label: "Client", pkg: "@kavi/client", script: "dev", ports: [settings.CLIENT_PORT] },
    {
      name: "gemini",
      label: "Gemini fake",
      pkg: "@kavi/ai",
      script: "fake",
      ports: [settings.GEMINI_FAKE_PORT],
      ...(settings.GEMINI_API_KEY
        ? { skipReason: "GEMINI_API_KEY is set: the worker uses Gemini itself" }
        : {}),
    },
    {
      name: "elevenlabs",
      label: "ElevenLabs fake",
      pkg: "@kavi/speech",
      script: "fake",
      ports: [settings.ELEVENLABS_FAKE_PORT],
      ...(settings.ELEVENLABS_API_KEY
        ? { skipReason: "ELEVENLABS_API_KEY is set: the apps use ElevenLabs itself" }
        : {}),
    },
    {
      name: "sms",
      label: "SMS simulator",
      pkg: "@kavi/sms",
      script: "simulator",
      ports: [settings.AFRICASTALKING_SIMULATOR_PORT],
      ...(settings.AFRICASTALKING_API_KEY
        ? { skipReason: "AFRICASTALKING_API_KEY is set: the apps send real SMS" }
        : {}),
    },
    {
      name: "fx",
      label: "Exchange-rate fake",
      pkg: "@kavi/fx",
      script: "fake",
      ports: [settings.FX_FAKE_PORT],
      ...(settings.FX_BASE_URL
        ? { skipReason: "FX_BASE_URL is set: the rates job reads that provider" }
        : {}),
    },
    {
      name: "s3",
      label: "Local S3",
      pkg: "@kavi/storage",
      script: "local",
      ports: [settings.LOCAL_S3_PORT],
      ...(settings.S3_ENDPOINT || settings.S3_BUCKET
        ? { skipReason: "S3_ENDPOINT or S3_BUCKET is set: uploads go there" }
        : {}),
    },
  ];
  for (const app of apps) {
    const missing = missingScript(packages, app.pkg, app.script);
    if (missing) app.skipReason = missing;
  }
  const simulator = apps[1];
  if (simulator && !simulator.skipReason && !darajaIsLocal) {
    simulator.skipReason = `DARAJA_BASE_URL points at ${daraja.origin}`;
  }
  return apps;
}

async function checkPortsFree(apps: AppProcess[]): Promise<void> {
  const busy: string[] = [];
  for (const app of apps) {
    for (const port of app.ports) {
      if (await isPortFree(port)) continue;
      busy.push(
        `Port ${port} (for the ${app.label}) is in use by ${describePortHolder(port, await findPortHolder(port))}.`,
      );
    }
  }
  if (busy.length === 0) return;
  throw new ServiceError(
    `${busy.join("\n")}\nStop ${busy.length === 1 ? "that process" : "those processes"} (an earlier \`pnpm dev\` still running?) and try again.`,
  );
}

async function prepareDatabase(
  settings: TScriptsEnv,
  packages: Map<string, WorkspacePackage>,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  for (const step of [
    { script: "migrate", doing: "Applying database migrations", failure: "Database migrations failed" },
    { script: "seed", doing: "Seeding demo data", failure: "Seeding the demo data failed" },
  ]) {
    const missing = missingScript(packages, "@kavi/db", step.script);
    if (missing) {
      say.warn(`${step.doing}: skipped, ${missing}.`);
      continue;
    }
    say.step(`${step.doing} (pnpm --filter @kavi/db ${step.script})`);
    const run = startManagedProcess({
      ...pnpmCommand(settings, ["--filter", "@kavi/db", step.script]),
      name: "db",
      cwd: repoRoot,
      env,
      colour: "gray",
      nameWidth: NAME_WIDTH,
    });
    children.push(run);
    const { code, signal } = await run.exited;
    children.splice(children.indexOf(run), 1);
    if (shuttingDown) return;
    if (code !== 0) {
      throw new ServiceError(
        `${step.failure} (${signal ? `stopped by ${signal}` : `exit code ${code}`}); its output is above. Fix it and run pnpm dev again.`,
      );
    }
  }
}

function startApp(
  app: AppProcess,
  settings: TScriptsEnv,
  env: NodeJS.ProcessEnv,
  colour: Colour,
): ManagedProcess {
  const child = startManagedProcess({
    ...pnpmCommand(settings, ["--filter", app.pkg, app.script]),
    name: app.name,
    cwd: repoRoot,
    env,
    colour,
    nameWidth: NAME_WIDTH,
  });
  children.push(child);
  child.exited.then(({ code, signal }) => {
    if (shuttingDown) return;
    const how = signal ? `was stopped by ${signal}` : `exited with code ${code}`;
    say.fail(
      `${app.label} (${app.name}) ${how}; its last output is above. The rest keeps running. ` +
        "Fix the problem, then restart pnpm dev to bring it back.",
    );
  });
  return child;
}

/** Waits (up to two minutes) until each app listens on all its ports; returns the names of those that do. */
async function waitUntilListening(
  started: { app: AppProcess; process: ManagedProcess }[],
): Promise<Set<string>> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  const listening = new Set<string>();
  await Promise.all(
    started.map(async ({ app, process }) => {
      for (const port of app.ports) {
        while (!(await isListening(port))) {
          if (shuttingDown || !process.isRunning() || Date.now() > deadline) return;
          await sleep(300);
        }
      }
      listening.add(app.name);
    }),
  );
  return listening;
}

function printBanner(
  settings: TScriptsEnv,
  apps: AppProcess[],
  started: { app: AppProcess; process: ManagedProcess }[],
  listening: Set<string>,
  postgres: RunningService,
  redis: RunningService,
): void {
  const state = (name: string): string | null => {
    const app = apps.find((candidate) => candidate.name === name);
    if (!app || app.skipReason) return paint("gray", `(not started: ${app?.skipReason ?? "unknown"})`);
    const running = started.find((entry) => entry.app.name === name);
    if (!running?.process.isRunning()) return paint("red", "(stopped: see its output above)");
    if (!listening.has(name)) return paint("yellow", "(not answering yet: see its output above)");
    return null;
  };
  const link = (name: string, url: string) => state(name) ?? paint("cyan", url);
  const darajaPhone = new URL("/phone", settings.DARAJA_BASE_URL);
  if (darajaPhone.hostname === "127.0.0.1") darajaPhone.hostname = "localhost";
  const rows: [string, string][] = [
    ["App", link("client", `http://localhost:${settings.CLIENT_PORT}`)],
    ["API", link("server", `http://localhost:${settings.SERVER_PORT}/api/health`)],
    ["Mail", link("mail", `http://localhost:${settings.MAILCATCHER_HTTP_PORT}`)],
    ["M-Pesa phone", link("mpesa", darajaPhone.toString())],
    ["Webhooks", link("webhooks", `http://localhost:${settings.WEBHOOK_RECEIVER_PORT}`)],
    ["SMS inbox", link("sms", `http://localhost:${settings.AFRICASTALKING_SIMULATOR_PORT}`)],
    ["Gemini (fake)", link("gemini", `http://127.0.0.1:${settings.GEMINI_FAKE_PORT}/__fake/requests`)],
    [
      "ElevenLabs (fake)",
      link("elevenlabs", `http://127.0.0.1:${settings.ELEVENLABS_FAKE_PORT}/__fake/requests`),
    ],
    ["Rates (fake CBK)", link("fx", `http://127.0.0.1:${settings.FX_FAKE_PORT}/__fake/requests`)],
    ["Uploads (local S3)", link("s3", `http://127.0.0.1:${settings.LOCAL_S3_PORT} (objects in .data/s3)`)],
    ["Queues", link("server", `http://localhost:${settings.CLIENT_PORT}/admin/queues`)],
    // The embedded server's password is a fixed development one: show it, so the URL can be pasted into psql.
    [
      "PostgreSQL",
      postgres.startedHere
        ? `${postgres.url}${paint("gray", " (embedded, .data/postgres)")}`
        : redact(postgres.url),
    ],
    ["Redis", `${redact(redis.url)}${redis.startedHere ? paint("gray", " (local redis-server)") : ""}`],
  ];
  const lines = [
    "",
    bold("  KAVI is running"),
    ...rows.map(([label, value]) => `  ${label.padEnd(14)}${value}`),
    paint("gray", "  Ctrl-C stops everything."),
    "",
  ];
  console.log(lines.join("\n"));
}

// ─── Helpers ─────────────────────────────────────────────────────────────────────────────────────────

function pnpmCommand(settings: TScriptsEnv, args: string[]): { command: string; args: string[] } {
  // --silent drops pnpm's own banner and its "ELIFECYCLE" noise; we report exits ourselves.
  const pnpmArgs = ["--silent", ...args];
  const execPath = settings.npm_execpath;
  if (execPath && basename(execPath).startsWith("pnpm")) {
    return /\.[cm]?js$/.test(execPath)
      ? { command: process.execPath, args: [execPath, ...pnpmArgs] }
      : { command: execPath, args: pnpmArgs };
  }
  return { command: "pnpm", args: pnpmArgs };
}

function prefixedWriter(name: string, colour: Colour): (line: string) => void {
  return (line) => {
    const prefixer = createLinePrefixer({
      name,
      width: NAME_WIDTH,
      colour,
      write: (text) => console.log(text),
    });
    prefixer.push(line);
    prefixer.flush();
  };
}

function wantsColour(settings: TScriptsEnv): boolean {
  if (settings.NO_COLOR !== undefined) return false;
  if (settings.FORCE_COLOR !== undefined) return settings.FORCE_COLOR !== "0";
  return process.stdout.isTTY === true;
}

function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.slice(1));
}

function registerService(service: RunningService): void {
  services.push(service);
  // Ctrl-C arrived while it was starting: stop it now that we hold it.
  if (shuttingDown) void service.stop();
}

async function shutdown(exitCode: number): Promise<never> {
  if (!shuttingDown) {
    shuttingDown = true;
    if (children.length > 0 || services.some((service) => service.startedHere)) say.step("Stopping…");
    await Promise.all(children.map((child) => child.stop()));
    for (const service of services.toReversed()) {
      await service
        .stop()
        .catch((error: unknown) => say.warn(`Could not stop a service cleanly: ${String(error)}`));
    }
  }
  process.exit(exitCode);
}

// Ctrl-C reaches this process more than once (the terminal signals pnpm, tsx and us; tsx relays it again), so
// repeats within a moment are the same request. A later one means "don't wait": kill everything now.
let firstSignalAt: number | undefined;
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    const now = Date.now();
    if (firstSignalAt === undefined) {
      firstSignalAt = now;
      void shutdown(0);
    } else if (now - firstSignalAt > 1500) {
      say.warn("Stopping at once.");
      for (const child of children) child.killNow();
      process.exit(130);
    }
  });
}
// Last resort if this script dies unexpectedly: leave no app running in the background.
process.on("exit", () => {
  for (const child of children) child.killNow();
});

main().catch(async (error: unknown) => {
  if (shuttingDown) {
    // Ctrl-C during start-up also reaches PostgreSQL; what fails after that is expected.
  } else if (error instanceof ServiceError || error instanceof EnvError) {
    say.fail(error.message);
  } else {
    say.fail("pnpm dev stopped on an unexpected error:");
    console.error(error);
  }
  await shutdown(1);
});
