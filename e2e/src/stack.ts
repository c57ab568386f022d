import { mkdtemp, rm } from "node:fs/promises";
import { createServer as createNetServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { createTesseractEngine } from "@kavi/ai";
import { startFakeGemini } from "@kavi/ai/fake";
import { silentLogger } from "@kavi/api";
import { aiSettingsFromEnv } from "@kavi/api/services";
import { type DarajaSimulator, startDarajaSimulator } from "@kavi/daraja/simulator";
import { createDatabase, type Database } from "@kavi/db";
import { createJobQueue, createRedis, waitForRedis } from "@kavi/jobs";
import { type MailCatcher, startMailCatcher } from "@kavi/mailcatcher";
import { startTestServer, type TestServer } from "@kavi/server/testing";
import { createTestDatabase, createTestRedisPrefix, createTestStorage, testRun } from "@kavi/testing";
import { startWorkerRuntime } from "@kavi/worker/runtime";
import { createTransport } from "nodemailer";
import { createServer as createViteServer, type ViteDevServer } from "vite";

const clientRoot = path.resolve(import.meta.dirname, "../../apps/client");

/** Vite needs its port before the API starts (the API puts the SPA's address in emails). */
async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface Stack {
  appUrl: string;
  /** The stack's own database (to seed data a test starts from). */
  db: Database;
  api: TestServer;
  mail: MailCatcher;
  /** With `{ mpesa: true }`: the Daraja simulator the API and worker call (callbacks come back through Vite). */
  daraja: DarajaSimulator | null;
  close(): Promise<void>;
}

export interface StackOptions {
  /** Start the Daraja simulator and work the mpesa queue too. */
  mpesa?: boolean;
}

/**
 * Everything a person would touch, in this process, on ephemeral ports: a fresh migrated database, a Redis
 * prefix of its own, the mail catcher, the API, the worker (sending real SMTP to the catcher) and the Vite
 * dev server proxying /api to the API.
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const closers: (() => Promise<unknown> | unknown)[] = [];
  const close = async () => {
    for (const closer of closers.reverse()) {
      await Promise.resolve()
        .then(closer)
        .catch((error: unknown) => console.warn("e2e cleanup:", error));
    }
  };
  try {
    const databaseUrl = await createTestDatabase();
    const redisPrefix = createTestRedisPrefix();
    const { redisUrl } = testRun();

    const mail = await startMailCatcher({ smtpPort: 0, httpPort: 0 });
    closers.push(() => mail.close());

    const vitePort = await freePort();
    const appUrl = `http://127.0.0.1:${vitePort}`;
    const daraja = options.mpesa ? await startDarajaSimulator({ port: 0, callbackDelayMs: 300 }) : null;
    if (daraja) closers.push(() => daraja.close());

    // Uploads go from the browser straight to a local S3-compatible server, as in `pnpm dev`.
    const files = await createTestStorage();
    closers.push(() => files.close());
    const ocr = createTesseractEngine();
    closers.push(() => ocr.close());

    const api = await startTestServer({
      ...files.env,
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      REDIS_PREFIX: redisPrefix,
      APP_URL: appUrl,
      CORS_ORIGINS: appUrl,
      RATE_LIMIT_AUTHENTICATED_PER_HOUR: "100000",
      RATE_LIMIT_ANONYMOUS_PER_HOUR: "100000",
      // Daraja calls back through Vite's /api proxy, the only address known before the API listens.
      ...(daraja ? { DARAJA_BASE_URL: daraja.url, API_PUBLIC_URL: appUrl } : {}),
    });
    closers.push(() => api.close());

    const database = createDatabase({ url: databaseUrl, max: 4, applicationName: "kavi-e2e-worker" });
    closers.push(() => database.close());
    const workerConnection = createRedis(redisUrl, "worker");
    const producerConnection = createRedis(redisUrl, "worker");
    closers.push(() => {
      workerConnection.disconnect();
      producerConnection.disconnect();
    });
    await Promise.all([waitForRedis(workerConnection), waitForRedis(producerConnection)]);
    const jobs = createJobQueue({ connection: producerConnection, prefix: redisPrefix });
    closers.push(() => jobs.close());
    const mailer = createTransport({
      host: "127.0.0.1",
      port: mail.smtpPort,
      secure: false,
      ignoreTLS: true,
    });
    closers.push(() => mailer.close());
    // Gemini is the local fake, as in `pnpm dev`: categorisation runs end to end without a key or network.
    const gemini = await startFakeGemini();
    closers.push(() => gemini.close());
    const worker = await startWorkerRuntime({
      deps: {
        db: database.db,
        jobs,
        mailer,
        mailFrom: "KAVI <no-reply@kavi.test>",
        logger: silentLogger,
        appUrl,
        emailQuotas: api.resources.services.config.emailQuotas,
        mpesa: api.resources.services.config.mpesa,
        ai: aiSettingsFromEnv({
          GEMINI_API_KEY: "e2e-fake-key",
          GEMINI_BASE_URL: gemini.url,
          GEMINI_MODEL: "gemini-2.5-flash",
          GEMINI_TIMEOUT_MS: 10_000,
          AI_DAILY_REQUESTS_PER_BUSINESS: 100,
        }),
        storage: files.storage,
        files: api.resources.services.config.files,
        ocr,
      },
      connection: workerConnection,
      prefix: redisPrefix,
      queues: daraja ? ["email", "mpesa", "categorisation", "files"] : ["email", "categorisation", "files"],
    });
    closers.push(() => worker.close());

    // Its own optimiser cache, so a developer's running `pnpm dev` and this test never share one.
    const cacheDir = await mkdtemp(path.join(tmpdir(), "kavi-e2e-vite-"));
    closers.push(() => rm(cacheDir, { recursive: true, force: true }));
    const vite: ViteDevServer = await createViteServer({
      root: clientRoot,
      configFile: path.join(clientRoot, "vite.config.ts"),
      cacheDir,
      logLevel: "warn",
      clearScreen: false,
      server: {
        host: "127.0.0.1",
        port: vitePort,
        strictPort: true,
        hmr: false,
        watch: null,
        proxy: {
          "/api": { target: api.url, changeOrigin: false },
          "/admin/queues": { target: api.url, changeOrigin: false },
        },
      },
    });
    closers.push(() => vite.close());
    await vite.listen();

    return { appUrl, db: database.db, api, mail, daraja, close };
  } catch (error) {
    await close();
    throw error;
  }
}
