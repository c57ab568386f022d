import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

/** A port nothing listens on right now (the OS picks it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * A throwaway redis-server of our own, on a free port under a temp dir and persisting nothing, that a test or a
 * benchmark may kill and start again (it comes back empty). Never the shared development Redis.
 */
export interface OwnRedis {
  url: string;
  port: number;
  start(): Promise<void>;
  /** SIGKILL: connections are cut as in a crash. */
  stop(): Promise<void>;
  dispose(): Promise<void>;
}

export async function createOwnRedis(): Promise<OwnRedis> {
  const port = await freePort();
  const directory = mkdtempSync(path.join(tmpdir(), "kavi-redis-"));
  let child: ChildProcess | null = null;
  const own: OwnRedis = {
    url: `redis://127.0.0.1:${port}`,
    port,
    async start() {
      if (child) return;
      const started = spawn(
        "redis-server",
        [
          "--port",
          String(port),
          "--bind",
          "127.0.0.1",
          "--dir",
          directory,
          "--save",
          "",
          "--appendonly",
          "no",
        ],
        { stdio: ["ignore", "pipe", "ignore"] },
      );
      child = started;
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("redis-server did not start")), 10_000);
        started.stdout?.on("data", (chunk: Buffer) => {
          if (chunk.toString().includes("Ready to accept connections")) {
            clearTimeout(timer);
            resolve();
          }
        });
        started.once("exit", (code) => {
          clearTimeout(timer);
          reject(new Error(`redis-server exited with ${code}`));
        });
      });
    },
    async stop() {
      const running = child;
      child = null;
      if (!running || running.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        running.once("exit", () => resolve());
        running.kill("SIGKILL");
      });
    },
    async dispose() {
      await own.stop();
      rmSync(directory, { recursive: true, force: true });
    },
  };
  await own.start();
  return own;
}
