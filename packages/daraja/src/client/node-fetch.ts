import http from "node:http";
import https from "node:https";

/** What the Daraja client reads of a reply: fetch's Response satisfies it, so a test may still pass `fetch`. */
export interface DarajaHttpResponse {
  status: number;
  text(): Promise<string>;
}

export interface DarajaHttpRequest {
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
}

export type DarajaFetch = (url: string, init: DarajaHttpRequest) => Promise<DarajaHttpResponse>;

/** Connections kept open between requests, as fetch does: a burst's STK Queries reuse a few sockets. */
const agents = {
  "http:": new http.Agent({ keepAlive: true }),
  "https:": new https.Agent({ keepAlive: true }),
};

/**
 * One request over node:http(s), with keep-alive, for the client's default. Node's fetch (undici, web streams, an
 * AbortController chain) cost about a fifth of the worker's CPU when settling a burst, one STK Query per payment
 * (bench/README.md, issue 13); this does the same round trip with a plain request. Failures look like fetch's: a
 * `TypeError("fetch failed")` whose `cause` carries the socket's code (ECONNREFUSED, …), and an aborted signal
 * rejects, so the client's timeout and "provably not sent" rules read them unchanged.
 */
export const nodeFetch: DarajaFetch = (url, init) =>
  new Promise((resolve, reject) => {
    const target = new URL(url);
    if (target.protocol !== "http:" && target.protocol !== "https:") {
      reject(new TypeError(`fetch failed: unsupported protocol ${target.protocol}`));
      return;
    }
    const fail = (error: unknown) => reject(new TypeError("fetch failed", { cause: error }));
    const body = init.body === undefined ? undefined : Buffer.from(init.body, "utf8");
    const request = (target.protocol === "https:" ? https : http).request(
      target,
      {
        method: init.method,
        headers: body ? { ...init.headers, "Content-Length": String(body.length) } : init.headers,
        agent: agents[target.protocol],
        signal: init.signal,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("error", fail);
        response.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          resolve({ status: response.statusCode ?? 0, text: async () => text });
        });
        response.on("close", () => {
          if (!response.complete) fail(new Error("the connection closed before the reply was complete"));
        });
      },
    );
    request.on("error", fail);
    request.end(body);
  });
