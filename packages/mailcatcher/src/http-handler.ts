import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { type MessageView, renderInboxPage } from "./inbox-page";
import type { MessageStore } from "./message-store";
import type { CaughtMessage } from "./types";

export type HttpHandlerOptions = {
  store: MessageStore;
  /** Shown on the empty inbox, e.g. `smtp://127.0.0.1:1025`. */
  smtpAddress: () => string;
  /** The interface the HTTP server listens on; decides whether the Host header is checked. */
  host: string;
};

type JsonMessage = Omit<CaughtMessage, "date" | "attachments"> & {
  date: string;
  attachments: { index: number; filename: string; contentType: string; size: number; url: string }[];
};

const PAGE_POLICY = [
  "default-src 'none'",
  // The message HTML is shown in a srcdoc iframe, which inherits this policy: let its styles and images load.
  "style-src * 'unsafe-inline'",
  "img-src * data: blob:",
  "font-src * data:",
  "connect-src 'self'",
  "frame-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

// For message HTML and attachments opened directly: a unique origin with no scripts.
const UNTRUSTED_POLICY =
  "sandbox allow-popups; default-src 'none'; style-src * 'unsafe-inline'; img-src * data:";

export function createHttpHandler({ store, smtpAddress, host }: HttpHandlerOptions) {
  const etag = () => `"inbox-${store.version}"`;

  const route = (request: IncomingMessage): Reply => {
    const url = new URL(request.url ?? "/", "http://mailcatcher.invalid");
    const method = request.method ?? "GET";
    const segments = splitPath(url.pathname);
    if (segments === null) return json(400, { error: "Malformed URL." });

    if (!isAllowedHost(request.headers.host, host)) {
      return json(403, { error: "This mail catcher only answers on localhost." });
    }

    if (segments.length === 0) {
      if (!isRead(method)) return methodNotAllowed("GET, HEAD");
      const nonce = randomBytes(16).toString("base64");
      const selectedId = url.searchParams.get("id");
      const page = renderInboxPage({
        messages: store.list(),
        selected: selectedId ? store.get(selectedId) : undefined,
        view: parseView(url.searchParams.get("view")),
        smtpAddress: smtpAddress(),
        etag: etag(),
        nonce,
      });
      return reply(200, page, {
        "content-type": "text/html; charset=utf-8",
        "content-security-policy": PAGE_POLICY.replace(
          "default-src 'none'",
          `default-src 'none'; script-src 'nonce-${nonce}'`,
        ),
      });
    }

    if (segments[0] !== "api" || segments[1] !== "messages") return notFound();
    const [, , id, part, index, ...rest] = segments;

    if (id === undefined) {
      if (method === "DELETE") {
        store.clear();
        return reply(204, "", {});
      }
      if (!isRead(method)) return methodNotAllowed("GET, HEAD, DELETE");
      return reply(200, JSON.stringify(store.list().map(toJson)), {
        "content-type": "application/json; charset=utf-8",
        etag: etag(),
      });
    }

    if (!isRead(method)) return methodNotAllowed("GET, HEAD");
    const message = store.get(id);
    if (!message || rest.length > 0) return notFound();

    if (part === undefined) return json(200, toJson(message));

    if (part === "html" && index === undefined) {
      if (message.html === null) return notFound("This message has no HTML part.");
      return reply(200, message.html, {
        "content-type": "text/html; charset=utf-8",
        "content-security-policy": UNTRUSTED_POLICY,
      });
    }

    if (part === "attachments" && index !== undefined && /^\d+$/.test(index)) {
      const attachment = message.attachments[Number(index)];
      if (!attachment) return notFound("This message has no such attachment.");
      return reply(200, attachment.content, {
        "content-type": attachment.contentType,
        "content-disposition": `attachment; filename="${asciiFilename(attachment.filename)}"; filename*=UTF-8''${encodeURIComponent(attachment.filename)}`,
        "content-security-policy": UNTRUSTED_POLICY,
      });
    }

    return notFound();
  };

  return (request: IncomingMessage, response: ServerResponse): void => {
    const result = route(request);
    response.writeHead(result.status, {
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
      "referrer-policy": "no-referrer",
      ...result.headers,
    });
    response.end(request.method === "HEAD" ? undefined : result.body);
  };
}

function toJson(message: CaughtMessage): JsonMessage {
  const base = `/api/messages/${encodeURIComponent(message.id)}`;
  return {
    ...message,
    date: message.date.toISOString(),
    attachments: message.attachments.map((attachment, index) => ({
      index,
      filename: attachment.filename,
      contentType: attachment.contentType,
      size: attachment.size,
      url: `${base}/attachments/${index}`,
    })),
  };
}

function splitPath(pathname: string): string[] | null {
  try {
    return pathname.split("/").filter(Boolean).map(decodeURIComponent);
  } catch {
    return null;
  }
}

function parseView(value: string | null): MessageView {
  return value === "text" || value === "headers" ? value : "html";
}

function isRead(method: string): boolean {
  return method === "GET" || method === "HEAD";
}

const LOOPBACK_NAMES = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

// Guards against DNS rebinding: a web page on another site cannot read the inbox through a name that
// resolves to 127.0.0.1. Listening on every interface (0.0.0.0, e.g. in a container) turns the check off.
function isAllowedHost(hostHeader: string | undefined, listenHost: string): boolean {
  if (!LOOPBACK_NAMES.has(listenHost) && !listenHost.startsWith("127.")) return true;
  if (hostHeader === undefined) return true;
  const hostname = hostHeader.replace(/:\d+$/, "").toLowerCase();
  return LOOPBACK_NAMES.has(hostname) || hostname.startsWith("127.") || hostname.endsWith(".localhost");
}

function asciiFilename(filename: string): string {
  return filename.replace(/[^\x20-\x7e]|["\\]/g, "_");
}

type Reply = { status: number; body: string | Buffer; headers: Record<string, string> };

function reply(status: number, body: string | Buffer, headers: Record<string, string>): Reply {
  return { status, body, headers };
}

function json(status: number, value: unknown, headers: Record<string, string> = {}): Reply {
  return reply(status, JSON.stringify(value), {
    "content-type": "application/json; charset=utf-8",
    ...headers,
  });
}

function notFound(message = "Not found."): Reply {
  return json(404, { error: message });
}

function methodNotAllowed(allow: string): Reply {
  return json(405, { error: `Use ${allow}.` }, { allow });
}
