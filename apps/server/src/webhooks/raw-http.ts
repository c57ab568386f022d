import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * The plain-HTTP side of the webhooks served ahead of Express (M-Pesa callbacks, SMS delivery reports): they skip
 * Express's stack for speed, so the headers helmet would set on a JSON answer are set here, once for all of them.
 */
export function replyJson(response: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(json),
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
  });
  response.end(json);
}

/** The exact bytes of the body as UTF-8, or null (and the connection cut) once it passes `maxBytes`. */
export function readBodyUpTo(request: IncomingMessage, maxBytes: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        resolve(null);
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}
