import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import path from "node:path";

/** What the Vite dev server proxies to the API (apps/client/vite.config.ts): everything else is the SPA. */
export const API_PATHS = ["/api", "/admin/queues"] as const;

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".webmanifest": "application/manifest+json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
  ".wasm": "application/wasm",
};

/** Headers about one connection, not the message: never forwarded by a proxy (RFC 9110, 7.6.1). */
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);

function endToEndHeaders(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name)));
}

export function isApiPath(pathname: string): boolean {
  return API_PATHS.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`));
}

/**
 * The file a request path names inside `root`, or null when it would leave it (`..`, an encoded slash) or cannot be
 * decoded. Pure, so the rules are unit-tested.
 */
export function resolveStaticPath(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes("\0")) return null;
  const file = path.resolve(root, `.${path.posix.normalize(`/${decoded}`)}`);
  const base = path.resolve(root);
  return file === base || file.startsWith(`${base}${path.sep}`) ? file : null;
}

/** A missing file answers with the SPA's index.html only for a page address, never for a missing asset. */
export function wantsSpaFallback(pathname: string, accept: string | undefined): boolean {
  if (accept?.includes("text/html")) return true;
  return path.posix.extname(pathname) === "";
}

export interface StaticClientServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves a built client (`vite build` output) the way production's CDN and load balancer do, on one origin:
 * `/api/*` and `/admin/queues/*` are proxied to the API unchanged (Host included, as Vite's proxy with
 * `changeOrigin: false` does; answers stream through, so server-sent events arrive as they are written), files are
 * served from `root`, and any other page address gets index.html (the SPA routes it).
 */
export async function startStaticClient(options: {
  root: string;
  apiUrl: string;
  port: number;
  host?: string;
}): Promise<StaticClientServer> {
  const api = new URL(options.apiUrl);
  const host = options.host ?? "127.0.0.1";
  const indexHtml = path.join(options.root, "index.html");

  function proxy(req: IncomingMessage, res: ServerResponse) {
    const upstream = httpRequest(
      {
        protocol: api.protocol,
        hostname: api.hostname,
        port: api.port,
        method: req.method,
        path: req.url,
        headers: endToEndHeaders(req.headers),
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, endToEndHeaders(answer.headers));
        answer.pipe(res);
        // The browser went away (a closed stream): stop reading from the API too.
        res.on("close", () => answer.destroy());
      },
    );
    upstream.on("error", () => {
      if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" });
      res.end("Bad gateway");
    });
    req.on("aborted", () => upstream.destroy());
    req.pipe(upstream);
  }

  async function sendFile(res: ServerResponse, file: string, method: string) {
    const info = await stat(file);
    const ext = path.extname(file);
    const name = path.basename(file);
    const immutable = file.includes(`${path.sep}assets${path.sep}`);
    res.writeHead(200, {
      "content-type": CONTENT_TYPES[ext] ?? "application/octet-stream",
      "content-length": info.size,
      "cache-control":
        immutable && name !== "index.html" ? "public, max-age=31536000, immutable" : "no-cache",
    });
    if (method === "HEAD") {
      res.end();
      return;
    }
    createReadStream(file).pipe(res);
  }

  async function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string) {
    const method = req.method ?? "GET";
    if (method !== "GET" && method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" }).end();
      return;
    }
    const file = resolveStaticPath(options.root, pathname);
    if (!file) {
      res.writeHead(400, { "content-type": "text/plain" }).end("Bad request");
      return;
    }
    const info = await stat(file).catch(() => null);
    if (info?.isFile()) {
      await sendFile(res, file, method);
      return;
    }
    if (wantsSpaFallback(pathname, req.headers.accept)) {
      await sendFile(res, indexHtml, method);
      return;
    }
    res.writeHead(404, { "content-type": "text/plain" }).end("Not found");
  }

  const server: Server = createServer((req, res) => {
    const pathname = new URL(req.url ?? "/", "http://localhost").pathname;
    if (isApiPath(pathname)) {
      proxy(req, res);
      return;
    }
    serveStatic(req, res, pathname).catch(() => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end("Internal error");
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, host, () => resolve());
  });
  return {
    url: `http://${host}:${options.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
