import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import {
  checkWebhookUrl,
  type EgressPolicy,
  EgressRefusedError,
  isBlockedAddress,
  postSafely,
  type Resolver,
} from "./egress";

const production: EgressPolicy = {
  requireHttps: true,
  allowedPrivateOrigins: [],
  timeoutMs: 2_000,
  maxResponseBytes: 64 * 1024,
  maxRequestBytes: 256 * 1024,
};

/** A local server that counts what reaches it. */
async function listen(
  handler: Parameters<typeof createServer>[1],
): Promise<{ server: Server; port: number; hits: () => number }> {
  let hits = 0;
  const server = createServer((request, response) => {
    hits += 1;
    handler?.(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  servers.push(server);
  return { server, port: (server.address() as AddressInfo).port, hits: () => hits };
}

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

describe("egress: blocked addresses", () => {
  it("attack: private, loopback, link-local, CGNAT and metadata addresses are blocked, in every spelling", () => {
    for (const address of [
      "127.0.0.1",
      "127.255.0.9",
      "10.1.2.3",
      "172.16.0.1",
      "172.31.255.255",
      "192.168.1.1",
      "169.254.169.254", // AWS, GCP and Azure metadata
      "100.64.0.1", // CGNAT
      "100.127.255.254",
      "0.0.0.0",
      "224.0.0.1",
      "255.255.255.255",
      "192.0.0.192",
      "::1",
      "::",
      "::ffff:127.0.0.1",
      "::ffff:7f00:1",
      "::ffff:a9fe:a9fe",
      "fd00:ec2::254", // AWS metadata over IPv6
      "fe80::1",
      "fc00::1",
      "64:ff9b::a9fe:a9fe", // NAT64 of the metadata address
      "2002:a9fe:a9fe::1", // 6to4 of the metadata address
      "not an address",
    ]) {
      expect(isBlockedAddress(address), address).toBe(true);
    }
    for (const address of [
      "93.184.216.34",
      "41.90.64.10",
      "196.201.214.200",
      "2606:4700:4700::1111",
      "100.128.0.1",
    ]) {
      expect(isBlockedAddress(address), address).toBe(false);
    }
  });

  it("attack: addresses typed as literal private IPs or local names are refused when saved", () => {
    for (const url of [
      "https://127.0.0.1/hooks",
      "https://2130706433/hooks", // 127.0.0.1 as one number
      "https://0x7f.1/hooks",
      "https://0177.0.0.1/hooks",
      "https://[::1]/hooks",
      "https://[::ffff:127.0.0.1]/hooks",
      "https://169.254.169.254/latest/meta-data/",
      "https://[fd00:ec2::254]/latest/meta-data/",
      "https://100.64.1.1/hooks",
      "https://10.0.0.5/hooks",
      "https://localhost/hooks",
      "https://api.localhost/hooks",
    ]) {
      const checked = checkWebhookUrl(url, production);
      expect(checked.ok, url).toBe(false);
    }
    expect(checkWebhookUrl("https://hooks.example.co.ke/kavi", production).ok).toBe(true);
  });

  it("attack: plain http is refused where https is required, and credentials in the address always", () => {
    expect(checkWebhookUrl("http://hooks.example.co.ke/kavi", production)).toMatchObject({ ok: false });
    expect(
      checkWebhookUrl("http://hooks.example.co.ke/kavi", { ...production, requireHttps: false }).ok,
    ).toBe(true);
    expect(checkWebhookUrl("https://user:pass@hooks.example.co.ke/kavi", production)).toMatchObject({
      ok: false,
    });
    expect(checkWebhookUrl("ftp://hooks.example.co.ke/kavi", production)).toMatchObject({ ok: false });
    expect(checkWebhookUrl("file:///etc/passwd", production)).toMatchObject({ ok: false });
  });
});

describe("egress: sending", () => {
  it("attack: a name that resolves to a private address is refused before any connection", async () => {
    const target = await listen((_request, response) => response.end("ok"));
    const toLoopback: Resolver = async () => [{ address: "127.0.0.1", family: 4 }];
    const policy = { ...production, requireHttps: false };
    await expect(
      postSafely(`http://innocent.example:${target.port}/hook`, {}, "{}", policy, toLoopback),
    ).rejects.toBeInstanceOf(EgressRefusedError);
    // One public and one private answer: every address is checked, so it is refused too.
    const mixed: Resolver = async () => [
      { address: "93.184.216.34", family: 4 },
      { address: "169.254.169.254", family: 4 },
    ];
    await expect(postSafely("https://mixed.example/hook", {}, "{}", production, mixed)).rejects.toThrow(
      /169\.254\.169\.254/,
    );
    const mappedV6: Resolver = async () => [{ address: "::ffff:10.0.0.1", family: 6 }];
    await expect(
      postSafely("https://v6.example/hook", {}, "{}", production, mappedV6),
    ).rejects.toBeInstanceOf(EgressRefusedError);
    expect(target.hits()).toBe(0);
  });

  it("attack: DNS rebinding: the connection goes to the address that was checked, DNS is asked once", async () => {
    const target = await listen((_request, response) => response.end("ok"));
    let asked = 0;
    // First answer allowed (the receiver's origin is on the list), every later one a private address.
    const rebinding: Resolver = async () => {
      asked += 1;
      return [{ address: asked === 1 ? "127.0.0.1" : "10.255.255.1", family: 4 }];
    };
    const origin = `http://rebind.example:${target.port}`;
    const policy = { ...production, requireHttps: false, allowedPrivateOrigins: [origin] };
    const response = await postSafely(`${origin}/hook`, {}, "{}", policy, rebinding);
    expect(response.status).toBe(200);
    expect(asked).toBe(1);
    expect(target.hits()).toBe(1);
  });

  it("attack: a redirect (to the metadata service or anywhere) is not followed", async () => {
    const inner = await listen((_request, response) => response.end("secret"));
    const redirecting = await listen((_request, response) => {
      response.writeHead(302, { location: `http://127.0.0.1:${inner.port}/latest/meta-data/` });
      response.end();
    });
    const origin = `http://127.0.0.1:${redirecting.port}`;
    const policy = { ...production, requireHttps: false, allowedPrivateOrigins: [origin] };
    const response = await postSafely(`${origin}/hook`, {}, "{}", policy);
    expect(response.status).toBe(302);
    expect(inner.hits()).toBe(0);
  });

  it("attack: a receiver that never answers is cut off by the timeout", async () => {
    const silent = await listen(() => {
      // Accepts the request and never answers.
    });
    const origin = `http://127.0.0.1:${silent.port}`;
    const policy = { ...production, requireHttps: false, allowedPrivateOrigins: [origin], timeoutMs: 1_000 };
    await expect(postSafely(`${origin}/hook`, {}, "{}", policy)).rejects.toThrow(/within 1000 ms/);
  });

  it("attack: a huge answer is read only up to the cap", async () => {
    const chatty = await listen((_request, response) => {
      response.writeHead(200, { "content-type": "text/plain" });
      const chunk = "x".repeat(64 * 1024);
      let sent = 0;
      const pump = () => {
        while (sent < 200 && response.write(chunk)) sent += 1;
        if (sent < 200) response.once("drain", pump);
        else response.end();
      };
      pump();
    });
    const origin = `http://127.0.0.1:${chatty.port}`;
    const policy = {
      ...production,
      requireHttps: false,
      allowedPrivateOrigins: [origin],
      maxResponseBytes: 10_000,
    };
    const response = await postSafely(`${origin}/hook`, {}, "{}", policy);
    expect(response.truncated).toBe(true);
    expect(response.body.length).toBe(10_000);
  });

  it("attack: a body over the size cap is never sent", async () => {
    const target = await listen((_request, response) => response.end("ok"));
    const origin = `http://127.0.0.1:${target.port}`;
    const policy = {
      ...production,
      requireHttps: false,
      allowedPrivateOrigins: [origin],
      maxRequestBytes: 100,
    };
    await expect(postSafely(`${origin}/hook`, {}, "x".repeat(101), policy)).rejects.toBeInstanceOf(
      EgressRefusedError,
    );
    expect(target.hits()).toBe(0);
  });
});
