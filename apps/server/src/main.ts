import { createServer } from "node:http";
import { assistantGeminiFromEnv, exchangeRateFreshness } from "@kavi/api/services";
import { waitForRedis } from "@kavi/jobs";
import { shutdownTelemetry } from "@kavi/telemetry";
import { createLogger } from "@kavi/telemetry/logger";
import { createApp } from "./app";
import { ConfigError, loadServerEnv } from "./env";
import { createMetrics } from "./metrics";
import { openResources } from "./services";
import { APP_VERSION } from "./version";
import { mountSmsWebhooks } from "./webhooks/africastalking";
import { mountMpesaWebhooks } from "./webhooks/mpesa";

async function main() {
  const env = loadServerEnv();
  const logger = createLogger({
    level: env.LOG_LEVEL,
    pretty: env.logPretty,
    service: "kavi-server",
    environment: env.KAVI_ENVIRONMENT,
  });
  const resources = openResources(env, logger);
  await waitForRedis(resources.redis).catch((error: unknown) => {
    logger.warn(
      { err: error },
      "Redis is not reachable yet; the API starts anyway and /api/ready reports it",
    );
  });
  let shuttingDown = false;
  const metrics = createMetrics(resources.jobs, {
    exchangeRateFreshness: () => exchangeRateFreshness(resources.services.db, resources.services.now()),
  });
  const app = createApp({
    env,
    logger,
    services: {
      ...resources.services,
      observeProcedure: metrics.observeProcedure,
      // The Gemini client is built once here (docs/assistant.md: why it runs on the server tier).
      assistant: { ...metrics.assistant, gemini: assistantGeminiFromEnv(env) },
    },
    metrics,
    version: APP_VERSION,
    startedAt: new Date(),
    isShuttingDown: () => shuttingDown,
    mountFastRoutes: (express) => {
      mountSmsWebhooks(express, resources.services, env.AFRICASTALKING_CALLBACK_TOKEN ?? null);
      mountMpesaWebhooks(express, resources.services);
    },
  });
  const server = createServer(app);
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.listen(env.PORT, env.HOST, () => {
    logger.info(
      { port: env.PORT, version: APP_VERSION },
      `KAVI API listening on http://localhost:${env.PORT}`,
    );
  });

  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info({ signal }, "shutting down: draining connections");
    const forced = setTimeout(() => {
      logger.warn("grace period over; closing remaining connections");
      server.closeAllConnections();
    }, env.SHUTDOWN_GRACE_SECONDS * 1000);
    forced.unref();
    server.closeIdleConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await resources.close();
    await shutdownTelemetry();
    logger.info("stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error("KAVI server failed to start:", error);
  }
  process.exit(1);
});
