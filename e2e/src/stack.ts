import { mkdtemp, rm } from "node:fs/promises";
import { createServer as createNetServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { createTesseractEngine } from "@kavi/ai";
import { startFakeGemini } from "@kavi/ai/fake";
import { silentLogger } from "@kavi/api";
import {
  aiSettingsFromEnv,
  createSpeechClient,
  SYSTEM_ACTOR,
  speechSettingsFromEnv,
} from "@kavi/api/services";
import { type DarajaSimulator, startDarajaSimulator } from "@kavi/daraja/simulator";
import { createDatabase, type Database } from "@kavi/db";
import { createJobQueue, createRedis, waitForRedis } from "@kavi/jobs";
import { type MailCatcher, startMailCatcher } from "@kavi/mailcatcher";
import { startTestServer, type TestServer } from "@kavi/server/testing";
import { type SmsSimulator, startSmsSimulator } from "@kavi/sms/simulator";
import { type FakeSpeech, startFakeSpeech } from "@kavi/speech/fake";
import { createTestDatabase, createTestRedisPrefix, createTestStorage, testRun } from "@kavi/testing";
import { startWebhookReceiver, type WebhookReceiver } from "@kavi/webhook-receiver";
import { startWorkerRuntime } from "@kavi/worker/runtime";
import { createTransport } from "nodemailer";
import type { ViteDevServer } from "vite";
import { inject } from "vitest";
import { clientRoot } from "./client-build";
import { API_PATHS, startStaticClient } from "./static-client";

/** The web app needs its port before the API starts (the API puts the SPA's address in emails). */
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
  /**
   * With `{ mpesa: true }`: the Daraja simulator the API and worker call (callbacks come back through the web app's
   * /api proxy).
   */
  daraja: DarajaSimulator | null;
  /** The local fake ElevenLabs the API and worker use (answers read aloud). */
  speech: FakeSpeech;
  /** With `{ webhooks: true }`: the local webhook receiver (its origin allowed) and the webhooks queue worked. */
  webhooks: WebhookReceiver | null;
  /** With `{ sms: true }`: the Africa's Talking simulator the API and worker send through (its inbox). */
  sms: SmsSimulator | null;
  close(): Promise<void>;
}

export interface StackOptions {
  /** Start the Daraja simulator and work the mpesa queue too. */
  mpesa?: boolean;
  /**
   * How the simulator's phone answers a prompt: "success" (by itself, the default here) or "manual" (waits to be
   * approved on its phone page, as `pnpm dev` runs it).
   */
  darajaDefaultOutcome?: "success" | "manual";
  /** Start the local webhook receiver and work the webhooks queue too. */
  webhooks?: boolean;
  /** Start the Africa's Talking simulator and work the sms queue too. */
  sms?: boolean;
  /** Work the insights queue too (forecasts and credit scores stored by the worker, as the reads ask). */
  insights?: boolean;
  /** The assistant answers with its Gemini brain against the fake, streaming with this pause between events. */
  assistantGemini?: { streamDelayMs: number };
}

/**
 * Everything a person would touch, in this process, on ephemeral ports: a fresh migrated database, a Redis
 * prefix of its own, the mail catcher, the API, the worker (sending real SMTP to the catcher) and the web app on
 * one origin with /api proxied to the API: the production build made once per run by ./client-build.ts, or with
 * E2E_CLIENT=dev a Vite dev server of its own.
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

    const appPort = await freePort();
    const appUrl = `http://127.0.0.1:${appPort}`;
    const daraja = options.mpesa
      ? await startDarajaSimulator({
          port: 0,
          callbackDelayMs: 300,
          defaultOutcome: options.darajaDefaultOutcome ?? "success",
        })
      : null;
    if (daraja) closers.push(() => daraja.close());
    const webhooks = options.webhooks ? await startWebhookReceiver({ port: 0 }) : null;
    if (webhooks) closers.push(() => webhooks.close());
    const sms = options.sms ? await startSmsSimulator({ port: 0, deliveryDelayMs: 100 }) : null;
    if (sms) closers.push(() => sms.close());

    // Uploads go from the browser straight to a local S3-compatible server, as in `pnpm dev`.
    const files = await createTestStorage();
    closers.push(() => files.close());
    const ocr = createTesseractEngine();
    closers.push(() => ocr.close());

    // ElevenLabs is the local fake, as in `pnpm dev`: answers are read aloud with no key or network.
    const speech = await startFakeSpeech();
    closers.push(() => speech.close());
    const speechEnv = {
      ELEVENLABS_API_KEY: "e2e-fake-key",
      ELEVENLABS_BASE_URL: speech.url,
      ELEVENLABS_OUTPUT_FORMAT: "wav_22050",
    } as const;
    const speechSettings = speechSettingsFromEnv({
      ...speechEnv,
      ELEVENLABS_VOICE_ID: "JBFqnCBsd6RMkjVDRZzb",
      ELEVENLABS_MODEL_ID: "eleven_v3",
      ELEVENLABS_TIMEOUT_SECONDS: 10,
    });

    // Gemini is the local fake, as in `pnpm dev`: categorisation (and, when asked, the assistant) runs end to end
    // without a key or network.
    const gemini = await startFakeGemini({ streamDelayMs: options.assistantGemini?.streamDelayMs ?? 0 });
    closers.push(() => gemini.close());
    const api = await startTestServer({
      ...speechEnv,
      ...files.env,
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      REDIS_PREFIX: redisPrefix,
      APP_URL: appUrl,
      CORS_ORIGINS: appUrl,
      RATE_LIMIT_AUTHENTICATED_PER_HOUR: "100000",
      RATE_LIMIT_ANONYMOUS_PER_HOUR: "100000",
      // Daraja calls back through the web app's /api proxy, the only address known before the API listens.
      ...(daraja ? { DARAJA_BASE_URL: daraja.url, API_PUBLIC_URL: appUrl } : {}),
      ...(webhooks ? { WEBHOOKS_ALLOWED_PRIVATE_ORIGINS: webhooks.url } : {}),
      ...(sms ? { AFRICASTALKING_API_KEY: "e2e-fake-key", AFRICASTALKING_BASE_URL: sms.baseUrl } : {}),
      ...(options.assistantGemini ? { GEMINI_API_KEY: "e2e-fake-key", GEMINI_BASE_URL: gemini.url } : {}),
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
    const worker = await startWorkerRuntime({
      context: {
        ...api.resources.services,
        db: database.db,
        redis: producerConnection,
        jobs,
        logger: silentLogger,
        now: () => new Date(),
        actor: SYSTEM_ACTOR,
        config: { ...api.resources.services.config, appUrl, redisPrefix },
        mailer,
        ai: aiSettingsFromEnv({
          GEMINI_API_KEY: "e2e-fake-key",
          GEMINI_BASE_URL: gemini.url,
          GEMINI_MODEL: "gemini-2.5-flash",
          GEMINI_TIMEOUT_MS: 10_000,
          AI_DAILY_REQUESTS_PER_BUSINESS: 100,
        }),
        storage: files.storage,
        ocr,
        speech: speechSettings ? createSpeechClient(speechSettings) : null,
        sms: api.resources.services.sms ?? null,
      },
      connection: workerConnection,
      prefix: redisPrefix,
      queues: [
        "email",
        "categorisation",
        "speech",
        "files",
        "privacy",
        ...(daraja ? (["mpesa"] as const) : []),
        ...(webhooks ? (["webhooks"] as const) : []),
        ...(sms ? (["sms"] as const) : []),
        ...(options.insights ? (["insights"] as const) : []),
      ],
    });
    closers.push(() => worker.close());

    const client = inject("kaviE2eClient");
    if (client.kind === "build") {
      const server = await startStaticClient({ root: client.root, apiUrl: api.url, port: appPort });
      closers.push(() => server.close());
    } else {
      closers.push(await startViteClient(api.url, appPort));
    }

    return { appUrl, db: database.db, api, mail, daraja, speech, webhooks, sms, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** E2E_CLIENT=dev: a Vite dev server for this stack, proxying /api like `pnpm dev`; returns its closer. */
async function startViteClient(apiUrl: string, port: number): Promise<() => Promise<void>> {
  // Its own optimiser cache, so a developer's running `pnpm dev` and this test never share one.
  const cacheDir = await mkdtemp(path.join(tmpdir(), "kavi-e2e-vite-"));
  const proxy = Object.fromEntries(
    API_PATHS.map((prefix) => [prefix, { target: apiUrl, changeOrigin: false }]),
  );
  try {
    // Loaded only here: with the built client (the default) no test file pays for importing Vite.
    const { createServer: createViteServer } = await import("vite");
    const vite: ViteDevServer = await createViteServer({
      root: clientRoot,
      configFile: path.join(clientRoot, "vite.config.ts"),
      cacheDir,
      logLevel: "warn",
      clearScreen: false,
      server: { host: "127.0.0.1", port, strictPort: true, hmr: false, watch: null, proxy },
    });
    await vite.listen();
    return async () => {
      await vite.close();
      await rm(cacheDir, { recursive: true, force: true });
    };
  } catch (error) {
    await rm(cacheDir, { recursive: true, force: true });
    throw error;
  }
}
