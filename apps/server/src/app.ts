import { existsSync } from "node:fs";
import path from "node:path";
import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { ExpressAdapter } from "@bull-board/express";
import {
  type ApiServices,
  appRouter,
  createContext,
  DASHBOARD_COOKIE,
  DASHBOARD_PATH,
  verifyDashboardToken,
} from "@kavi/api";
import { checkReadiness, isPlatformOperator, type ReadinessCheck } from "@kavi/api/services";
import { type QueueName, queues } from "@kavi/jobs";
import { serializeErrorForLog } from "@kavi/telemetry/logger";
import { createExpressMiddleware } from "@trpc/server/adapters/express";
import { parseCookie } from "cookie";
import cors from "cors";
import express, { type NextFunction, type Request, type Response } from "express";
import type { Logger as PinoLogger } from "pino";
import { pinoHttp } from "pino-http";
import { clientAddressMiddleware } from "./client-address";
import type { ServerEnv } from "./env";
import { requestIdFor, requestInfoFrom } from "./http-context";
import { metricsAccess, type ServerMetrics } from "./metrics";
import { mountApiV1 } from "./routes/api-v1";
import { kaviChatBodyErrors, kaviChatRoute, kaviChatStreamRoute } from "./routes/kavi-chat";
import { publicInvoicePdfRoute } from "./routes/public-invoice-pdf";
import { dashboardHeaders, securityHeaders } from "./security";
import { trpcQueryHandler } from "./trpc-queries";

export interface AppDependencies {
  env: ServerEnv;
  logger: PinoLogger;
  services: ApiServices;
  metrics: ServerMetrics;
  version: string;
  startedAt: Date;
  isShuttingDown: () => boolean;
  /** Plain Express routes mounted before tRPC. */
  mountRoutes?: (app: express.Express) => void;
  /**
   * Machine-to-machine routes on a latency budget (the M-Pesa webhooks), mounted ahead of per-request logging
   * and browser security headers, which they do not need; they still count in the HTTP metrics and log their
   * own warnings.
   */
  mountFastRoutes?: (app: express.Express) => void;
  /** Serve the built SPA from this folder (single-container deployments). */
  clientDirectory?: string;
}

/**
 * The route a request is counted under in the HTTP metrics: its template, never its raw path, so ids, tokens
 * and made-up paths cannot create new series. Anything that is not one of ours is "unmatched".
 */
const ROUTE_TEMPLATES: [RegExp, string][] = [
  [/^\/api\/trpc(\/|$)/, "/api/trpc"],
  [/^\/api\/webhooks\//, "/api/webhooks"],
  [/^\/api\/public\/invoices\/[^/]+\/pdf$/, "/api/public/invoices/:token/pdf"],
  [/^\/api\/kavi\/chat\/?$/, "/api/kavi/chat"],
  [/^\/api\/kavi\/chat\/stream\/?$/, "/api/kavi/chat/stream"],
  [/^\/api\/v1(\/|$)/, "/api/v1"],
  [/^\/api\/docs(\/|$)/, "/api/docs"],
  [/^\/api\/(health|live|ready)$/, "/api/$1"],
  [/^\/admin\/queues(\/|$)/, "/admin/queues"],
  [/^\/metrics$/, "/metrics"],
];

export function routeTemplate(url: string, servesClient: boolean): string {
  const path = url.split("?")[0] ?? url;
  for (const [pattern, template] of ROUTE_TEMPLATES) {
    const match = pattern.exec(path);
    if (match) return template.replace("$1", match[1] ?? "");
  }
  return servesClient && !path.startsWith("/api/") ? "spa" : "unmatched";
}

export function createApp(deps: AppDependencies): express.Express {
  const { env, logger, services, metrics } = deps;
  const production = env.NODE_ENV === "production";
  const app = express();
  app.disable("x-powered-by");
  const servesClient = Boolean(deps.clientDirectory && existsSync(deps.clientDirectory));
  // Express reads it for req.protocol and req.hostname; the client's address is resolved by our middleware.
  app.set("trust proxy", env.TRUST_PROXY);
  app.use(
    clientAddressMiddleware({
      trustProxy: env.TRUST_PROXY,
      originVerifySecrets: [env.ORIGIN_VERIFY_SECRET, env.ORIGIN_VERIFY_SECRET_PREVIOUS].filter(
        (secret): secret is string => Boolean(secret),
      ),
    }),
  );

  app.use((request, response, next) => {
    const started = process.hrtime.bigint();
    response.on("finish", () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.observeHttp(
        request.method,
        routeTemplate(request.originalUrl, servesClient),
        response.statusCode,
        seconds,
      );
    });
    next();
  });
  deps.mountFastRoutes?.(app);
  app.use(
    pinoHttp({
      logger,
      genReqId: (request, response) => {
        const id = requestIdFor(request as Request);
        response.setHeader("x-request-id", id);
        return id;
      },
      customAttributeKeys: { reqId: "requestId" },
      // Every line logged for a request carries its id (and, with tracing on, the trace id via the mixin).
      customProps: (request) => ({ requestId: request.id }),
      autoLogging: { ignore: (request) => /^\/(api\/(health|live|ready)|metrics)/.test(request.url ?? "") },
      serializers: {
        req: (request: { method: string; url: string }) => ({
          method: request.method,
          // The invoice link's token is a capability: keep it out of the logs.
          url: request.url
            .split("?")[0]
            ?.replace(/^\/api\/public\/invoices\/[^/]+/, "/api/public/invoices/:token"),
        }),
        res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
        err: serializeErrorForLog,
      },
    }),
  );
  app.use(securityHeaders(production));

  // ── Operations ─────────────────────────────────────────────────────────────
  app.get("/api/live", (_request, response) => {
    response.json({ status: "ok" });
  });
  app.get("/api/health", (_request, response) => {
    response.json({
      status: "ok",
      version: deps.version,
      environment: env.KAVI_ENVIRONMENT,
      uptimeSeconds: Math.round((Date.now() - deps.startedAt.getTime()) / 1000),
    });
  });
  app.get("/api/ready", async (_request, response) => {
    const checks: Record<string, ReadinessCheck> = await checkReadiness(services, logger);
    if (deps.isShuttingDown()) checks.shutdown = { ok: false, detail: "draining connections" };
    const ready = Object.values(checks).every((check) => check.ok);
    response.status(ready ? 200 : 503).json({ status: ready ? "ready" : "not-ready", checks });
  });
  const mayScrape = metricsAccess(env.METRICS_TOKEN);
  app.get("/metrics", async (request, response) => {
    if (!mayScrape(request)) {
      response.status(401).set("www-authenticate", "Bearer").json({ error: "unauthorized" });
      return;
    }
    response.setHeader("Content-Type", metrics.registry.contentType);
    response.send(await metrics.registry.metrics());
  });

  // ── Queue dashboard (super-admins, via a short-lived cookie set by admin.openQueueDashboard) ──
  const boardAdapter = new ExpressAdapter();
  boardAdapter.setBasePath(DASHBOARD_PATH);
  createBullBoard({
    queues: (Object.keys(queues) as QueueName[]).map((name) => new BullMQAdapter(services.jobs.queue(name))),
    serverAdapter: boardAdapter,
  });
  const requireOperator = async (request: Request, response: Response, next: NextFunction) => {
    const token = request.headers.cookie ? parseCookie(request.headers.cookie)[DASHBOARD_COOKIE] : undefined;
    const userId = token ? await verifyDashboardToken(services.config.auth, token, services.now()) : null;
    if (!userId || !(await isPlatformOperator(services.db, userId))) {
      response.status(404).type("text/plain").send("Not found");
      return;
    }
    next();
  };
  app.use(DASHBOARD_PATH, requireOperator, dashboardHeaders(production), boardAdapter.getRouter());

  // ── API ────────────────────────────────────────────────────────────────────
  app.use(
    "/api",
    cors({
      origin: (origin, callback) => callback(null, !origin || env.corsOrigins.includes(origin)),
      credentials: true,
      allowedHeaders: [
        "accept",
        "authorization",
        "content-type",
        "x-request-id",
        "trpc-accept",
        "x-trpc-source",
        "idempotency-key",
      ],
      exposedHeaders: [
        "x-request-id",
        "retry-after",
        "ratelimit-policy",
        "ratelimit-limit",
        "ratelimit-remaining",
        "ratelimit-reset",
        "x-ratelimit-limit",
        "x-ratelimit-remaining",
        "idempotent-replayed",
        "deprecation",
        "sunset",
        "link",
      ],
      maxAge: 600,
    }),
  );
  deps.mountRoutes?.(app);
  mountApiV1(app, services, production);
  app.get("/api/public/invoices/:token/pdf", (request, response, next) => {
    publicInvoicePdfRoute(services)(request, response).catch(next);
  });
  app.post(
    ["/api/kavi/chat", "/api/kavi/chat/"],
    express.json({ limit: "16kb" }),
    (request: Request, response: Response, next: NextFunction) => {
      kaviChatRoute(services)(request, response).catch(next);
    },
    kaviChatBodyErrors,
  );
  app.post(
    ["/api/kavi/chat/stream", "/api/kavi/chat/stream/"],
    express.json({ limit: "16kb" }),
    (request: Request, response: Response, next: NextFunction) => {
      kaviChatStreamRoute(services)(request, response).catch(next);
    },
    kaviChatBodyErrors,
  );
  if (env.TRPC_FAST_QUERIES) {
    const queries = trpcQueryHandler({
      router: appRouter,
      createContext: (req, res) => createContext(services, requestInfoFrom(req, res)),
      maxBatchSize: env.TRPC_MAX_BATCH_SIZE,
    });
    app.use("/api/trpc", (request, response, next) => {
      queries(request, response, next).catch(next);
    });
  }
  app.use(
    "/api/trpc",
    createExpressMiddleware({
      router: appRouter,
      createContext: ({ req, res }) => createContext(services, requestInfoFrom(req, res)),
      maxBodySize: 1_000_000,
      maxBatchSize: env.TRPC_MAX_BATCH_SIZE,
    }),
  );

  if (deps.clientDirectory && servesClient) {
    const root = path.resolve(deps.clientDirectory);
    app.use(express.static(root, { index: false, maxAge: "1h" }));
    app.get(/^(?!\/api\/).*/, (_request, response) => {
      response.sendFile(path.join(root, "index.html"), { maxAge: 0 });
    });
  }

  app.use("/api", (_request, response) => {
    response.status(404).json({ error: "not_found", message: "There is nothing at this address." });
  });
  app.use((error: unknown, request: Request, response: Response, _next: NextFunction) => {
    request.log?.error({ err: error }, "unhandled error");
    if (response.headersSent) return;
    response.status(500).json({
      error: "internal",
      message: "Something went wrong on our side. Please try again in a moment.",
      requestId: request.id,
    });
  });
  return app;
}
