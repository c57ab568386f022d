/**
 * Throwaway PostgreSQL and Redis servers a benchmark may kill and restart: their own processes, data directories
 * and ports, never the shared development servers.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { chownSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort } from "./mpesa-kit";

export interface OwnPostgres {
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  url: string;
  port: number;
  /** `pg_ctl restart -m fast`: every connection is cut, the server is back when this resolves. */
  restart(): Promise<void>;
  dispose(): void;
}

/** initdb/pg_ctl refuse to run as root: as root they run as the `postgres` user, on a directory it owns. */
function asClusterOwner(command: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ["runuser", ["-u", "postgres", "--", command, ...args]] : [command, args];
}

function run(command: string, args: string[]) {
  const [file, argv] = asClusterOwner(command, args);
  execFileSync(file, argv, { stdio: ["ignore", "ignore", "pipe"] });
}

/** A fresh cluster (initdb) on a free port, with pg_stat_statements loaded. */
export async function startOwnPostgres(): Promise<OwnPostgres> {
  const port = await freePort();
  const directory = mkdtempSync(path.join(tmpdir(), "kavi-pg-"));
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
    chownSync(directory, uid, gid);
  }
  const data = path.join(directory, "data");
  run("initdb", ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"]);
  const options = [
    `-p ${port}`,
    "-c listen_addresses=127.0.0.1",
    `-c unix_socket_directories=${directory}`,
    "-c shared_preload_libraries=pg_stat_statements",
    "-c max_connections=200",
  ].join(" ");
  const pgCtl = (action: string, extra: string[] = []) =>
    run("pg_ctl", ["-D", data, "-l", path.join(directory, "log"), "-w", "-o", options, ...extra, action]);
  pgCtl("start");
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    async restart() {
      pgCtl("restart", ["-m", "fast"]);
    },
    dispose() {
      try {
        pgCtl("stop", ["-m", "immediate"]);
      } catch {
        // already stopped
      }
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

export interface OwnRedis {
  url: string;
  /** Kills the server (SIGKILL) and starts an empty one on the same port: a failover or a flush. */
  restartEmpty(): Promise<void>;
  dispose(): Promise<void>;
}

/** A redis-server of our own on a free port, persisting nothing (a restart comes back empty). */
export async function startOwnRedis(): Promise<OwnRedis> {
  const port = await freePort();
  const directory = mkdtempSync(path.join(tmpdir(), "kavi-redis-"));
  let child: ChildProcess | null = null;
  const start = () =>
    new Promise<void>((resolve, reject) => {
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
  const stop = async () => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once("exit", () => resolve());
      running.kill("SIGKILL");
    });
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    async restartEmpty() {
      await stop();
      await start();
    },
    async dispose() {
      await stop();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
