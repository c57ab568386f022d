import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort } from "@kavi/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  isApiPath,
  resolveStaticPath,
  type StaticClientServer,
  startStaticClient,
  wantsSpaFallback,
} from "./static-client";

describe("static client rules", () => {
  it("sends /api and /admin/queues to the API, and nothing that only starts like them", () => {
    expect(isApiPath("/api")).toBe(true);
    expect(isApiPath("/api/trpc/auth.me")).toBe(true);
    expect(isApiPath("/admin/queues/api/queues")).toBe(true);
    expect(isApiPath("/admin")).toBe(false);
    expect(isApiPath("/admin/users")).toBe(false);
    expect(isApiPath("/apiary")).toBe(false);
  });

  it("keeps file paths inside the build folder", () => {
    expect(resolveStaticPath("/srv/app", "/assets/index.js")).toBe("/srv/app/assets/index.js");
    expect(resolveStaticPath("/srv/app", "/../etc/passwd")).toBe("/srv/app/etc/passwd");
    expect(resolveStaticPath("/srv/app", "/%2e%2e/%2e%2e/etc/passwd")).toBe("/srv/app/etc/passwd");
    expect(resolveStaticPath("/srv/app", "/a%00b")).toBeNull();
    expect(resolveStaticPath("/srv/app", "/%E0%A4%A")).toBeNull();
  });

  it("falls back to index.html for page addresses only", () => {
    expect(wantsSpaFallback("/b/123/invoices", undefined)).toBe(true);
    expect(wantsSpaFallback("/pay/abc.def", "text/html,application/xhtml+xml")).toBe(true);
    expect(wantsSpaFallback("/assets/missing.js", "*/*")).toBe(false);
  });
});

describe("static client server", () => {
  let root: string;
  let api: Server;
  let apiUrl: string;
  let client: StaticClientServer;
  const seen: { method?: string; url?: string; host?: string; body: string }[] = [];

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "kavi-static-client-"));
    await mkdir(path.join(root, "assets"));
    await writeFile(path.join(root, "index.html"), "<!doctype html><title>KAVI</title>");
    await writeFile(path.join(root, "assets", "app-1234.js"), "console.log(1)");
    await writeFile(path.join(root, "sw.js"), "self.skipWaiting()");

    api = createServer((req: IncomingMessage, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => {
        body += chunk.toString();
      });
      req.on("end", () => {
        seen.push({ method: req.method, url: req.url, host: req.headers.host, body });
        if (req.url === "/api/stream") {
          res.writeHead(200, { "content-type": "text/event-stream" });
          res.write("data: one\n\n");
          setTimeout(() => res.end("data: two\n\n"), 300);
          return;
        }
        res.setHeader("set-cookie", ["a=1; Path=/", "b=2; Path=/"]);
        res.writeHead(201, { "content-type": "application/json" });
        res.end(JSON.stringify({ answered: req.url }));
      });
    });
    const apiPort = await freePort();
    await new Promise<void>((resolve) => api.listen(apiPort, "127.0.0.1", resolve));
    apiUrl = `http://127.0.0.1:${apiPort}`;
    client = await startStaticClient({ root, apiUrl, port: await freePort() });
  });

  afterAll(async () => {
    await client?.close();
    await new Promise<void>((resolve) => (api ? api.close(() => resolve()) : resolve()));
    await rm(root, { recursive: true, force: true });
  });

  it("proxies API calls unchanged: method, path with query, body, Host, status and every cookie", async () => {
    const response = await fetch(`${client.url}/api/webhooks/mpesa/stk?token=x`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ Body: { stkCallback: {} } }),
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ answered: "/api/webhooks/mpesa/stk?token=x" });
    expect(response.headers.getSetCookie()).toEqual(["a=1; Path=/", "b=2; Path=/"]);
    expect(seen.at(-1)).toEqual({
      method: "POST",
      url: "/api/webhooks/mpesa/stk?token=x",
      host: new URL(client.url).host,
      body: '{"Body":{"stkCallback":{}}}',
    });
    const queues = await fetch(`${client.url}/admin/queues/api/queues`);
    expect(await queues.json()).toEqual({ answered: "/admin/queues/api/queues" });
  });

  it("streams an answer as the API writes it", async () => {
    const response = await fetch(`${client.url}/api/stream`);
    const reader = response.body?.getReader();
    const first = await reader?.read();
    expect(new TextDecoder().decode(first?.value)).toBe("data: one\n\n");
    const second = await reader?.read();
    expect(new TextDecoder().decode(second?.value)).toBe("data: two\n\n");
  });

  it("serves files, index.html for page addresses, and 404 for a missing asset", async () => {
    const asset = await fetch(`${client.url}/assets/app-1234.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(await asset.text()).toBe("console.log(1)");

    const page = await fetch(`${client.url}/b/0000/invoices?tab=open`, { headers: { accept: "text/html" } });
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(page.headers.get("cache-control")).toBe("no-cache");
    expect(await page.text()).toContain("<title>KAVI</title>");

    expect((await fetch(`${client.url}/assets/gone-9999.js`)).status).toBe(404);
    expect((await fetch(`${client.url}/index.html`, { method: "POST" })).status).toBe(405);
  });

  it("answers 502 when the API is not there", async () => {
    const lonely = await startStaticClient({ root, apiUrl: "http://127.0.0.1:9", port: await freePort() });
    try {
      expect((await fetch(`${lonely.url}/api/trpc/auth.me`)).status).toBe(502);
    } finally {
      await lonely.close();
    }
  });
});
