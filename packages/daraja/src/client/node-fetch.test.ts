import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nodeFetch } from "./node-fetch";

/** The client's default transport against a real local server: replies, reuse, refusals, timeouts, cut replies. */

let server: http.Server;
let base: string;
const seenSockets = new Set<unknown>();

beforeAll(async () => {
  server = http.createServer((request, response) => {
    seenSockets.add(request.socket);
    if (request.url === "/slow") return; // never answers
    if (request.url === "/cut") {
      response.writeHead(200, { "Content-Length": "100" });
      response.write("partial");
      setTimeout(() => request.socket.destroy(), 20);
      return;
    }
    let body = "";
    request.on("data", (chunk: Buffer) => {
      body += chunk.toString("utf8");
    });
    request.on("end", () => {
      response.writeHead(request.url === "/missing" ? 404 : 200, { "Content-Type": "application/json" });
      response.end(
        JSON.stringify({ method: request.method, auth: request.headers.authorization ?? null, body }),
      );
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const send = (path: string, init: { method?: string; body?: string; timeoutMs?: number } = {}) =>
  nodeFetch(`${base}${path}`, {
    method: init.method ?? "POST",
    headers: { Authorization: "Bearer t", "Content-Type": "application/json" },
    ...(init.body === undefined ? {} : { body: init.body }),
    signal: AbortSignal.timeout(init.timeoutMs ?? 5_000),
  });

describe("nodeFetch", () => {
  it("sends the method, headers and body (any script), and reads the status and text", async () => {
    const reply = await send("/ok", { body: '{"Remarks":"Malipo ya ankara 🌍"}' });
    expect(reply.status).toBe(200);
    expect(JSON.parse(await reply.text())).toEqual({
      method: "POST",
      auth: "Bearer t",
      body: '{"Remarks":"Malipo ya ankara 🌍"}',
    });
    const missing = await send("/missing", { method: "GET" });
    expect(missing.status).toBe(404);
  });

  it("keeps connections open between requests", async () => {
    seenSockets.clear();
    for (let round = 0; round < 5; round += 1) await (await send("/ok", { body: "{}" })).text();
    expect(seenSockets.size).toBe(1);
  });

  it("fails like fetch: a refused connection carries its code as the cause", async () => {
    const closed = http.createServer();
    closed.listen(0, "127.0.0.1");
    await once(closed, "listening");
    const port = (closed.address() as AddressInfo).port;
    closed.close();
    const failure = await nodeFetch(`http://127.0.0.1:${port}/`, {
      method: "GET",
      headers: {},
      signal: AbortSignal.timeout(5_000),
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TypeError);
    expect((failure as TypeError & { cause: { code: string } }).cause.code).toBe("ECONNREFUSED");
  });

  it("rejects when the signal times out, and when the reply is cut short", async () => {
    const signal = AbortSignal.timeout(50);
    await expect(nodeFetch(`${base}/slow`, { method: "GET", headers: {}, signal })).rejects.toThrow();
    expect(signal.aborted).toBe(true);
    await expect(send("/cut", { method: "GET" })).rejects.toThrow("fetch failed");
  });

  it("refuses a URL that is not http(s)", async () => {
    await expect(
      nodeFetch("ftp://example.com/", { method: "GET", headers: {}, signal: AbortSignal.timeout(1_000) }),
    ).rejects.toThrow("unsupported protocol");
  });
});
