import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createCaller, createContext, silentLogger } from "@kavi/api";
import { assistantGeminiFromEnv, exchangeRateFreshness } from "@kavi/api/services";
import { latestEmailText, MemoryCookieJar, parseVerificationEmail, VERIFY_SUBJECT } from "@kavi/api/testing";
import { waitForRedis } from "@kavi/jobs";
import { createLogger } from "@kavi/telemetry/logger";
import { createApp } from "./app";
import { loadServerEnv, type ServerEnv } from "./env";
import { createMetrics, type ServerMetrics } from "./metrics";
import { openResources, type ServerResources } from "./services";
import { mountSmsWebhooks } from "./webhooks/africastalking";
import { mountMpesaWebhooks } from "./webhooks/mpesa";

export interface TestServer {
  url: string;
  env: ServerEnv;
  resources: ServerResources;
  /** The registry /metrics serves and the hooks that feed it (a caller built in a test can report to it). */
  metrics: ServerMetrics;
  server: Server;
  close(): Promise<void>;
}

/**
 * The real server, in-process, on an ephemeral port: for HTTP integration tests and the browser end-to-end
 * test. Configuration goes through the same validated env as production.
 */
export async function startTestServer(
  environment: Record<string, string | undefined>,
  /** `now`: the server's clock (a benchmark over a seeded, dated demo pins it). */
  options: { waitForRedis?: boolean; now?: () => Date } = {},
): Promise<TestServer> {
  const env = loadServerEnv({ NODE_ENV: "test", LOG_LEVEL: "silent", ...environment });
  const logger = createLogger({
    level: env.LOG_LEVEL,
    pretty: false,
    service: "kavi-server",
    environment: "test",
  });
  const resources = openResources(env, silentLogger);
  if (options.waitForRedis ?? true) {
    await Promise.all([waitForRedis(resources.redis), waitForRedis(resources.queueConnection)]);
  }
  const metrics = createMetrics(resources.jobs, {
    exchangeRateFreshness: () => exchangeRateFreshness(resources.services.db, resources.services.now()),
  });
  const app = createApp({
    env,
    logger,
    services: {
      ...resources.services,
      ...(options.now ? { now: options.now } : {}),
      observeProcedure: metrics.observeProcedure,
      // The Gemini client is built once here (docs/assistant.md: why it runs on the server tier).
      assistant: { ...metrics.assistant, gemini: assistantGeminiFromEnv(env) },
    },
    metrics,
    version: "test",
    startedAt: new Date(),
    isShuttingDown: () => false,
    mountFastRoutes: (express) => {
      mountSmsWebhooks(express, resources.services, env.AFRICASTALKING_CALLBACK_TOKEN ?? null);
      mountMpesaWebhooks(express, resources.services);
    },
  });
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    env,
    resources,
    metrics,
    server,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await resources.close();
    },
  };
}

/**
 * Signs up over HTTP as a person does: the form, then the 6-digit code from the verification email (read
 * from the outbox). Returns the confirmation's response, which carries the access token and the cookie.
 */
export async function signUpOverHttp(
  server: TestServer,
  input: { fullName: string; email: string; password: string },
): Promise<{ response: Response; accessToken: string; userId: string }> {
  const post = (path: string, body: unknown) =>
    fetch(`${server.url}/api/trpc/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  const signedUp = (await (await post("auth.signUp", input)).json()) as {
    result?: { data: { status: string; ticket?: string } };
    error?: unknown;
  };
  const ticket = signedUp.result?.data.ticket;
  if (!ticket) throw new Error(`auth.signUp did not ask for the emailed code: ${JSON.stringify(signedUp)}`);
  const text = await latestEmailText(server.resources.services.db, input.email, VERIFY_SUBJECT);
  if (!text) throw new Error(`no verification email for ${input.email}`);
  const response = await post("auth.confirmSignUp", { ticket, code: parseVerificationEmail(text).code });
  const body = (await response.clone().json()) as {
    result?: { data: { accessToken: string; user: { id: string } } };
    error?: unknown;
  };
  if (!body.result) throw new Error(`auth.confirmSignUp failed: ${JSON.stringify(body.error)}`);
  return { response, accessToken: body.result.data.accessToken, userId: body.result.data.user.id };
}

/** A tRPC caller with a bearer token (a person's access token or an API key), for setting up HTTP tests. */
export async function callerWithToken(server: TestServer, token: string, requestId = "http-test") {
  return createCaller(
    await createContext(server.resources.services, {
      requestId,
      ip: "198.51.100.21",
      userAgent: "vitest",
      authorization: `Bearer ${token}`,
      cookies: new MemoryCookieJar(),
      setHeader: () => undefined,
    }),
  );
}
