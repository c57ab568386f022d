import { createServer, type IncomingMessage } from "node:http";

/** A tiny HTTP server standing in for KAVI's webhook endpoints in tests. */

export interface ReceivedCallback {
  path: string;
  body: unknown;
}

export interface CallbackReply {
  httpStatus: number;
  body: unknown;
}

export interface CallbackReceiver {
  /** Base URL, e.g. http://127.0.0.1:40123 */
  url: string;
  received(path?: string): ReceivedCallback[];
  /** Replies for a path, used in order; the last one repeats. Default 200 {"ResultCode":0,"ResultDesc":"Accepted"}. */
  replyWith(path: string, ...replies: CallbackReply[]): void;
  clear(): void;
  close(): Promise<void>;
}

function readText(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

export async function startCallbackReceiver(): Promise<CallbackReceiver> {
  let received: ReceivedCallback[] = [];
  let replies = new Map<string, CallbackReply[]>();
  const server = createServer((request, response) => {
    void readText(request).then((text) => {
      const path = new URL(request.url ?? "/", "http://receiver.invalid").pathname;
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // Keep the raw text: a test may want to see what was sent.
      }
      received.push({ path, body });
      const queue = replies.get(path) ?? [];
      const reply = (queue.length > 1 ? queue.shift() : queue[0]) ?? {
        httpStatus: 200,
        body: { ResultCode: 0, ResultDesc: "Accepted" },
      };
      response.writeHead(reply.httpStatus, { "Content-Type": "application/json" });
      response.end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("receiver must listen on TCP");
  return {
    url: `http://127.0.0.1:${address.port}`,
    received: (path) => received.filter((callback) => path === undefined || callback.path === path),
    replyWith: (path, ...list) => {
      replies.set(path, list);
    },
    clear: () => {
      received = [];
      replies = new Map();
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
