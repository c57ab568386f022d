import { createServer, type Server } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import {
  describePortHolder,
  findPortHolder,
  isListening,
  isPortFree,
  listeningInodes,
  readableCommand,
} from "./ports";

let server: Server | undefined;

afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function listenOnEphemeralPort(host: string): Promise<number> {
  server = createServer();
  const listening = server;
  await new Promise<void>((resolve) => listening.listen(0, host, resolve));
  const address = listening.address();
  if (typeof address !== "object" || address === null) throw new Error("no address");
  return address.port;
}

describe("port checks", () => {
  it("sees a port taken on 127.0.0.1 as busy, and free again once released", async () => {
    const port = await listenOnEphemeralPort("127.0.0.1");
    expect(await isPortFree(port)).toBe(false);
    expect(await isListening(port)).toBe(true);
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    server = undefined;
    expect(await isPortFree(port)).toBe(true);
    expect(await isListening(port)).toBe(false);
  });

  it("sees a port taken on every interface as busy", async () => {
    const port = await listenOnEphemeralPort("0.0.0.0");
    expect(await isPortFree(port)).toBe(false);
  });

  it.runIf(process.platform === "linux")("names the process that holds a port", async () => {
    const port = await listenOnEphemeralPort("127.0.0.1");
    const holder = await findPortHolder(port);
    expect(holder?.pid).toBe(process.pid);
    expect(describePortHolder(port, holder)).toContain(`process ${process.pid} (`);
  });

  it("says how to find out when the holder is unknown", () => {
    expect(describePortHolder(8000, null)).toContain("lsof -i :8000");
  });
});

describe("listeningInodes", () => {
  const table = [
    "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
    "   0: 0100007F:1F40 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1111 1",
    "   1: 0100007F:1F40 0100007F:D431 01 00000000:00000000 00:00000000 00000000     0        0 2222 1",
    "   2: 00000000:1435 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 3333 1",
  ].join("\n");

  it("finds sockets listening on the port and ignores established ones", () => {
    expect(listeningInodes(table, 8000)).toEqual(["1111"]);
    expect(listeningInodes(table, 5173)).toEqual(["3333"]);
    expect(listeningInodes(table, 1025)).toEqual([]);
  });
});

describe("readableCommand", () => {
  it("leaves out loader flags", () => {
    expect(
      readableCommand([
        "/usr/bin/node",
        "--require",
        "/x/preflight.cjs",
        "--import=file:///x/loader.mjs",
        "src/cli.ts",
      ]),
    ).toBe("/usr/bin/node src/cli.ts");
  });
});
