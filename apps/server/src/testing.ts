import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { silentLogger } from "@kavi/api";
import { waitForRedis } from "@kavi/jobs";
import { createLogger } from "@kavi/telemetry/logger";
import { createApp } from "./app";
import { loadServerEnv, type ServerEnv } from "./env";
import { createMetrics } from "./metrics";
import { openResources, type ServerResources } from "./services";
import { mountMpesaWebhooks } from "./webhooks/mpesa";

export interface TestServer {
  url: string;
  env: ServerEnv;
  resources: ServerResources;
  server: Server;
  close(): Promise<void>;
}

/**
 * The real server, in-process, on an ephemeral port: for HTTP integration tests and the browser end-to-end
 * test. Configuration goes through the same validated env as production.
 */
export async function startTestServer(
  environment: Record<string, string | undefined>,
  options: { waitForRedis?: boolean } = {},
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
  const metrics = createMetrics(resources.jobs);
  const app = createApp({
    env,
    logger,
    services: { ...resources.services, observeProcedure: metrics.observeProcedure },
    metrics,
    version: "test",
    startedAt: new Date(),
    isShuttingDown: () => false,
    mountFastRoutes: (express) => mountMpesaWebhooks(express, resources.services),
  });
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    env,
    resources,
    server,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await resources.close();
    },
  };
}
