import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { z } from "zod";
import { renderInboxPage } from "./inbox-page";

/**
 * A local stand-in for a business's webhook receiver, for development and tests (like the mail catcher for
 * email): it accepts POSTs on any path, keeps them in memory, verifies their Standard Webhooks signatures with
 * the library's own verifier when it knows the path's secret, and can be told to fail the next N deliveries to
 * a path (to watch retries). `/` is an inbox page; `/_receiver/…` is its JSON control API.
 */

export type Verification =
  | { state: "verified" }
  | { state: "invalid"; reason: string }
  | { state: "no-secret" };

export interface ReceivedDelivery {
  id: string;
  path: string;
  receivedAt: Date;
  headers: Record<string, string>;
  body: string;
  /** What this receiver answered. */
  answeredStatus: number;
  verification: Verification;
}

export interface WebhookReceiverOptions {
  port?: number;
  host?: string;
  /** Most deliveries kept (oldest dropped). */
  keep?: number;
  /** Largest body accepted. */
  maxBodyBytes?: number;
  onDelivery?: (delivery: ReceivedDelivery) => void;
}

export interface WebhookReceiver {
  url: string;
  port: number;
  /** Newest first. */
  deliveries(): ReceivedDelivery[];
  waitForDelivery(
    predicate: (delivery: ReceivedDelivery) => boolean,
    options?: { timeoutMs?: number },
  ): Promise<ReceivedDelivery>;
  /** The signing secret for deliveries to `path`; earlier deliveries to it are checked again. */
  setSecret(path: string, secret: string): void;
  /** The next `count` deliveries to `path` are answered with `status` (500 by default). */
  failNext(path: string, count: number, status?: number): void;
  clear(): void;
  close(): Promise<void>;
}

const ZSecretSchema = z.object({
  path: z.string().startsWith("/").max(500),
  secret: z.string().startsWith("whsec_").max(200),
});
const ZFailSchema = z.object({
  path: z.string().startsWith("/").max(500),
  count: z.number().int().min(0).max(1_000),
  status: z.number().int().min(300).max(599).default(500),
});

export class PortInUseError extends Error {
  override name = "PortInUseError";
}

export async function startWebhookReceiver(options: WebhookReceiverOptions = {}): Promise<WebhookReceiver> {
  const host = options.host ?? "127.0.0.1";
  const keep = options.keep ?? 500;
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const received: ReceivedDelivery[] = [];
  const secrets = new Map<string, string>();
  const failures = new Map<string, { count: number; status: number }>();
  const waiters = new Set<{
    predicate: (delivery: ReceivedDelivery) => boolean;
    resolve: (d: ReceivedDelivery) => void;
  }>();

  function record(delivery: ReceivedDelivery) {
    received.unshift(delivery);
    received.length = Math.min(received.length, keep);
    options.onDelivery?.(delivery);
    for (const waiter of waiters) {
      if (waiter.predicate(delivery)) {
        waiters.delete(waiter);
        waiter.resolve(delivery);
      }
    }
  }

  function setSecret(path: string, secret: string) {
    secrets.set(path, secret);
    // Checked again without the library's five-minute window (they arrived earlier): the signature only.
    for (const delivery of received) {
      if (delivery.path === path) delivery.verification = verifyLater(secret, delivery);
    }
  }

  function failNext(path: string, count: number, status = 500) {
    if (count === 0) failures.delete(path);
    else failures.set(path, { count, status });
  }

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? "/", "http://receiver.invalid");
    const method = request.method ?? "GET";
    const ownPage = url.pathname === "/" || url.pathname.startsWith("/_receiver/");
    // The page and its control API answer only to local names, so a web page cannot reach them by DNS rebinding.
    if (ownPage && !isLocalHostHeader(request.headers.host)) {
      sendJson(response, 403, { error: "The receiver's inbox only answers on localhost" });
      return;
    }
    if (url.pathname === "/" && (method === "GET" || method === "HEAD")) {
      const page = renderInboxPage(received, [...secrets.keys()]);
      response.writeHead(200, {
        "content-type": "text/html; charset=utf-8",
        "content-security-policy":
          "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
        "x-content-type-options": "nosniff",
      });
      response.end(method === "HEAD" ? undefined : page);
      return;
    }
    if (url.pathname.startsWith("/_receiver/")) {
      await control(url, method, request, response);
      return;
    }
    if (method !== "POST") {
      sendJson(response, 405, { error: "Webhooks are POSTed; the inbox is at /" });
      return;
    }
    const body = await readBody(request, maxBodyBytes);
    if (body === null) {
      sendJson(response, 413, { error: `Bodies are at most ${maxBodyBytes} bytes` });
      return;
    }
    const headers = flatHeaders(request);
    const failure = failures.get(url.pathname);
    let status = 200;
    if (failure && failure.count > 0) {
      status = failure.status;
      failure.count -= 1;
      if (failure.count === 0) failures.delete(url.pathname);
    }
    const secret = secrets.get(url.pathname);
    record({
      id: randomUUID(),
      path: url.pathname,
      receivedAt: new Date(),
      headers,
      body,
      answeredStatus: status,
      verification: secret ? verifyNow(secret, body, headers) : { state: "no-secret" },
    });
    sendJson(
      response,
      status,
      status === 200 ? { received: true } : { error: "Failing on purpose (receiver told to)" },
    );
  }

  async function control(url: URL, method: string, request: IncomingMessage, response: ServerResponse) {
    const action = url.pathname.slice("/_receiver/".length);
    if (action === "deliveries" && method === "GET") {
      sendJson(response, 200, { deliveries: received });
      return;
    }
    if (action === "deliveries" && method === "DELETE") {
      received.length = 0;
      sendJson(response, 200, { cleared: true });
      return;
    }
    if ((action === "secrets" || action === "failures") && method === "POST") {
      const raw = await readBody(request, 16 * 1024);
      const input = parseInput(raw, request.headers["content-type"]);
      if (action === "secrets") {
        const parsed = ZSecretSchema.safeParse(input);
        if (!parsed.success)
          return sendJson(response, 400, { error: 'Send { path: "/…", secret: "whsec_…" }' });
        setSecret(parsed.data.path, parsed.data.secret);
        // The inbox page's form posts here: take the person back to the inbox.
        if (request.headers["content-type"]?.startsWith("application/x-www-form-urlencoded")) {
          response.writeHead(303, { location: "/" });
          response.end();
          return;
        }
        return sendJson(response, 200, { saved: true });
      }
      const parsed = ZFailSchema.safeParse(input);
      if (!parsed.success) return sendJson(response, 400, { error: "Send { path, count, status? }" });
      failNext(parsed.data.path, parsed.data.count, parsed.data.status);
      return sendJson(response, 200, { saved: true });
    }
    sendJson(response, 404, { error: "Unknown receiver action" });
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      sendJson(response, 500, { error: error instanceof Error ? error.message : "receiver error" });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(error.code === "EADDRINUSE" ? new PortInUseError(`Port ${options.port} is in use.`) : error),
    );
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const printableHost = host.includes(":") ? `[${host}]` : host;

  return {
    url: `http://${printableHost}:${port}`,
    port,
    deliveries: () => [...received],
    waitForDelivery(predicate, waitOptions = {}) {
      const found = received.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const waiter = { predicate, resolve };
        waiters.add(waiter);
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error("No matching webhook delivery arrived in time"));
        }, waitOptions.timeoutMs ?? 10_000);
        timer.unref();
        waiter.resolve = (delivery) => {
          clearTimeout(timer);
          resolve(delivery);
        };
      });
    },
    setSecret,
    failNext,
    clear: () => {
      received.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The library's verifier, as a receiver in production would run it (including its five-minute window). */
function verifyNow(secret: string, body: string, headers: Record<string, string>): Verification {
  try {
    new Webhook(secret).verify(body, headers);
    return { state: "verified" };
  } catch (error) {
    return { state: "invalid", reason: error instanceof Error ? error.message : String(error) };
  }
}

function verifyLater(secret: string, delivery: ReceivedDelivery): Verification {
  const id = delivery.headers["webhook-id"];
  const timestamp = Number(delivery.headers["webhook-timestamp"]);
  const presented = (delivery.headers["webhook-signature"] ?? "").split(" ");
  if (!id || !Number.isFinite(timestamp)) return { state: "invalid", reason: "Missing webhook headers" };
  try {
    const expected = new Webhook(secret).sign(id, new Date(timestamp * 1000), delivery.body);
    return presented.includes(expected)
      ? { state: "verified" }
      : { state: "invalid", reason: "No matching signature" };
  } catch (error) {
    return { state: "invalid", reason: error instanceof Error ? error.message : String(error) };
  }
}

function isLocalHostHeader(host: string | undefined): boolean {
  if (!host) return false;
  const name = host
    .replace(/:\d+$/, "")
    .replace(/^\[|\]$/g, "")
    .toLowerCase();
  return name === "localhost" || name === "127.0.0.1" || name === "::1";
}

function flatHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return headers;
}

function readBody(request: IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    request.on("data", (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > limit) tooBig = true;
      else chunks.push(chunk);
    });
    request.on("end", () => resolve(tooBig ? null : Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function parseInput(raw: string | null, contentType: string | undefined): unknown {
  if (raw === null) return null;
  if (contentType?.startsWith("application/x-www-form-urlencoded")) {
    return Object.fromEntries(new URLSearchParams(raw));
  }
  try {
    return JSON.parse(raw);
  } catch {
    return null;
  }
}

function sendJson(response: ServerResponse, status: number, value: unknown) {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(value));
}
