/**
 * Throwaway PostgreSQL and Redis servers a benchmark may kill and restart: their own processes, data directories
 * and ports, never the shared development servers.
 */
import { execFileSync } from "node:child_process";
import { chownSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createOwnRedis, freePort } from "@kavi/testing";

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

/** A redis-server of our own on a free port, persisting nothing (the one launcher in @kavi/testing). */
export async function startOwnRedis(): Promise<OwnRedis> {
  const own = await createOwnRedis();
  return {
    url: own.url,
    async restartEmpty() {
      await own.stop();
      await own.start();
    },
    dispose: () => own.dispose(),
  };
}
