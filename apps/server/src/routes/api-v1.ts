import { createRequire } from "node:module";
import path from "node:path";
import type { ApiServices } from "@kavi/api";
import { buildOpenApiDocument, createRestApiV1, restError } from "@kavi/api/rest-v1";
import express, { type NextFunction, type Request, type Response } from "express";
import helmet from "helmet";
import { requestInfoFrom } from "../http-context";

const require = createRequire(import.meta.url);

/** Scalar's self-contained browser build, served from our own origin: the reference page needs no CDN. */
const SCALAR_BUNDLE = path.join(
  path.dirname(require.resolve("@scalar/api-reference")),
  "browser",
  "standalone.js",
);

/** Scalar's options: nothing from or to its servers (fonts, telemetry, its AI agent, MCP, hosted tools). */
const SCALAR_CONFIGURATION = JSON.stringify({
  withDefaultFonts: false,
  hideClientButton: true,
  telemetry: false,
  showDeveloperTools: "never",
  agent: { disabled: true },
  mcp: { disabled: true },
  metaData: { title: "KAVI API reference" },
}).replace(/"/g, "&quot;");

// The data-url form: in this Scalar version `createApiReference(…, { url })` leaves the document unloaded.
const DOCS_PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>KAVI API reference</title>
  </head>
  <body>
    <script id="api-reference" data-url="/api/v1/openapi.json" data-configuration="${SCALAR_CONFIGURATION}"></script>
    <script src="/api/docs/scalar.js"></script>
  </body>
</html>`;

/** The reference page runs Scalar's bundle (which injects its own styles) from our origin and nothing else. */
function docsHeaders(production: boolean) {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        fontSrc: ["'self'", "data:"],
        imgSrc: ["'self'", "data:"],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        ...(production ? {} : { upgradeInsecureRequests: null }),
      },
    },
    hsts: production ? { maxAge: 31_536_000, includeSubDomains: true, preload: true } : false,
  });
}

/**
 * Mounts the REST API v1 (/api/v1/…), its OpenAPI document (/api/v1/openapi.json) and the reference page
 * (/api/docs). The operations themselves are packages/api's (rest-v1): this is only the HTTP glue.
 */
export function mountApiV1(app: express.Express, services: ApiServices, production: boolean) {
  const api = createRestApiV1(services);
  const document = JSON.stringify(buildOpenApiDocument(api.operations, "/api/v1"));

  app.get("/api/v1/openapi.json", (_request, response) => {
    response.status(200).type("application/json").set("Cache-Control", "public, max-age=300").send(document);
  });
  app.get(["/api/docs", "/api/docs/"], docsHeaders(production), (_request, response) => {
    response.status(200).type("html").set("Cache-Control", "no-cache").send(DOCS_PAGE);
  });
  app.get("/api/docs/scalar.js", (_request, response) => {
    // pnpm keeps packages under node_modules/.pnpm: a dot folder `send` would refuse by default.
    response.sendFile(SCALAR_BUNDLE, { maxAge: "1d", dotfiles: "allow" });
  });

  app.use(
    "/api/v1",
    express.json({ limit: "1mb" }),
    (request: Request, response: Response, next: NextFunction) => {
      api
        .handle({
          method: request.method,
          path: request.path,
          query: request.query as Record<string, unknown>,
          body: request.body,
          idempotencyKey: request.get("idempotency-key") ?? null,
          info: requestInfoFrom(request, response),
        })
        .then((answer) => {
          response.status(answer.status).set(answer.headers).type("application/json").send(answer.body);
        })
        .catch(next);
    },
    // A body that is not JSON, or too big, is the client's mistake: a 4xx in the v1 error shape.
    (error: unknown, request: Request, response: Response, next: NextFunction) => {
      const status = (error as { status?: unknown } | null)?.status;
      if (typeof status !== "number" || status < 400 || status >= 500) {
        next(error);
        return;
      }
      const answer = restError(
        status,
        status === 413 ? "payload_too_large" : "bad_request",
        status === 413 ? "The body is larger than 1 MB" : "The body is not valid JSON",
        String(request.id ?? ""),
      );
      response.status(answer.status).set(answer.headers).type("application/json").send(answer.body);
    },
  );
}
