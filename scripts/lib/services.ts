// PostgreSQL and Redis for development and tests: use the ones at the configured URLs when they answer,
// otherwise start local ones under .data/ (embedded PostgreSQL; redis-server when installed).

import { type ChildProcess, spawn } from "node:child_process";
import { constants, existsSync } from "node:fs";
import { access, mkdir, readFile } from "node:fs/promises";
import { delimiter, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { Redis } from "ioredis";
import pg from "pg";
import { EMBEDDED_PASSWORD, EMBEDDED_USER, startEmbeddedCluster } from "./embedded-postgres";
import { dataDir as defaultDataRoot } from "./paths";
import { canConnect, findFreePort } from "./ports";
import { createTail, ServiceError } from "./service-error";

export { ServiceError } from "./service-error";

export type RunningService = {
  /** The URL to hand to applications: the configured one, or the local server started in its place. */
  url: string;
  /** True when this call started a local server (stop() then stops it). */
  startedHere: boolean;
  /** Stops what this call started; does nothing for a server that was already running. */
  stop(): Promise<void>;
};

export type PostgresService = RunningService & { createdDatabase: boolean };

export type ServiceOptions = {
  /** Where the local server keeps its files. Default: .data/postgres or .data/redis in the repository. */
  dataDir?: string;
  /** First port to try for a local server (the next free one is used). Default: 5433 / 6380. */
  port?: number;
  /** Receives the local server's output, one line at a time. Default: discarded. */
  log?: (line: string) => void;
  /** Receives short notes for people (a leftover server reused, a first-time set-up). Default: discarded. */
  notify?: (message: string) => void;
};

const CONNECT_TIMEOUT_MS = 3000;

// ─── PostgreSQL ──────────────────────────────────────────────────────────────────────────────────────

/**
 * Makes sure PostgreSQL at `url` is usable and its database exists (created through the `postgres`
 * maintenance database when missing). When nothing listens at a local `url`, starts an embedded
 * PostgreSQL with its data in `.data/postgres` (created once, reused afterwards) and returns its URL.
 */
export async function ensurePostgres(url: string, options: ServiceOptions = {}): Promise<PostgresService> {
  const target = parseServiceUrl(url, ["postgres:", "postgresql:"], "DATABASE_URL");
  const database = decodeURIComponent(target.pathname.slice(1));
  if (database === "" || database.includes("/")) {
    throw new ServiceError(
      `DATABASE_URL must name one database, like postgres://postgres@127.0.0.1:5432/kavi (got ${redact(url)}).`,
    );
  }

  if (await canConnect(target.host, target.port, CONNECT_TIMEOUT_MS)) {
    const createdDatabase = await createDatabaseIfMissing(url);
    return { url, startedHere: false, createdDatabase, stop: async () => {} };
  }
  if (!target.isLoopback) {
    throw new ServiceError(
      `Cannot reach PostgreSQL at ${redact(url)}. Check that the server is up and DATABASE_URL is right.`,
    );
  }

  const dataDir = options.dataDir ?? join(defaultDataRoot, "postgres");
  const log = options.log ?? (() => {});
  const notify = options.notify ?? (() => {});
  const leftover = await findLeftoverPostmaster(dataDir);
  if (leftover) {
    // A previous run was killed before it could stop its PostgreSQL: adopt it rather than fail to start a second.
    notify(`Reusing the embedded PostgreSQL that a previous run left running (pid ${leftover.pid}).`);
    const embeddedUrl = embeddedDatabaseUrl(leftover.port, database);
    const createdDatabase = await createDatabaseIfMissing(embeddedUrl);
    return {
      url: embeddedUrl,
      startedHere: true,
      createdDatabase,
      stop: () => stopProcess(leftover.pid, "SIGINT"),
    };
  }

  const port = await findFreePort(options.port ?? 5433);
  const cluster = await startEmbeddedCluster({ dataDir, port, log, notify });
  const embeddedUrl = embeddedDatabaseUrl(port, database);
  try {
    const createdDatabase = await createDatabaseIfMissing(embeddedUrl);
    return { url: embeddedUrl, startedHere: true, createdDatabase, stop: () => cluster.stop() };
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}

function embeddedDatabaseUrl(port: number, database: string): string {
  return `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
}

/** Creates the database named in `url` when it does not exist yet. Returns true when it created it. */
export async function createDatabaseIfMissing(url: string): Promise<boolean> {
  try {
    await runQuery(url, "select 1");
    return false;
  } catch (error) {
    if (pgErrorCode(error) !== "3D000") throw explainPostgresError(url, error);
  }
  const database = decodeURIComponent(new URL(url).pathname.slice(1));
  try {
    await runQuery(maintenanceUrl(url), `create database ${pg.escapeIdentifier(database)}`);
    return true;
  } catch (error) {
    if (pgErrorCode(error) === "42P04") return false; // created meanwhile by someone else
    throw explainPostgresError(url, error, `Could not create the database "${database}"`);
  }
}

/** Drops the database named in `url` (used by tests that create their own). */
export async function dropDatabase(url: string): Promise<void> {
  const database = decodeURIComponent(new URL(url).pathname.slice(1));
  await runQuery(
    maintenanceUrl(url),
    `drop database if exists ${pg.escapeIdentifier(database)} with (force)`,
  );
}

function maintenanceUrl(url: string): string {
  const maintenance = new URL(url);
  maintenance.pathname = "/postgres";
  return maintenance.toString();
}

async function runQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  client.on("error", () => {}); // a dropped connection is reported by the query itself
  try {
    await client.connect();
    await client.query(sql);
  } finally {
    await client.end().catch(() => {});
  }
}

function pgErrorCode(error: unknown): string | undefined {
  return typeof error === "object" && error !== null && "code" in error && typeof error.code === "string"
    ? error.code
    : undefined;
}

function explainPostgresError(
  url: string,
  error: unknown,
  what = "PostgreSQL refused the connection",
): ServiceError {
  const reason = error instanceof Error ? error.message : String(error);
  const hint =
    pgErrorCode(error) === "28P01" || pgErrorCode(error) === "28000"
      ? " Check the user and password in DATABASE_URL."
      : "";
  return new ServiceError(`${what} at ${redact(url)}: ${reason}.${hint}`);
}

async function findLeftoverPostmaster(dataDir: string): Promise<{ pid: number; port: number } | null> {
  const content = await readFile(join(dataDir, "postmaster.pid"), "utf8").catch(() => null);
  if (content === null) return null;
  const [pidLine, , , portLine] = content.split("\n");
  const pid = Number(pidLine);
  const port = Number(portLine);
  // A stale file (postgres was killed) is cleaned up by postgres itself; so is a pid since reused by another program.
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid) || !(await commandMentions(pid, "postgres")))
    return null;
  if (await canConnect("127.0.0.1", port, CONNECT_TIMEOUT_MS)) return { pid, port };
  throw new ServiceError(
    `A PostgreSQL process (pid ${pid}) still holds ${dataDir} but does not answer on port ${port}. ` +
      `Stop it (kill ${pid}) and run again.`,
  );
}

// ─── Redis ───────────────────────────────────────────────────────────────────────────────────────────

/**
 * Makes sure Redis at `url` answers PING. When nothing listens at a local `url` and `redis-server` is
 * installed, starts one on 127.0.0.1 (port 6380 or the next free one) that keeps nothing on disk and never
 * evicts keys (BullMQ needs that). Otherwise throws a ServiceError that says how to install Redis.
 */
export async function ensureRedis(url: string, options: ServiceOptions = {}): Promise<RunningService> {
  const target = parseServiceUrl(url, ["redis:", "rediss:"], "REDIS_URL");

  if (await canConnect(target.host, target.port, CONNECT_TIMEOUT_MS)) {
    const problem = await pingRedis(url);
    if (problem)
      throw new ServiceError(
        `Redis at ${redact(url)} answered but refused PING: ${problem}. Check REDIS_URL.`,
      );
    return { url, startedHere: false, stop: async () => {} };
  }
  if (!target.isLoopback) {
    throw new ServiceError(
      `Cannot reach Redis at ${redact(url)}. Check that it is up and REDIS_URL is right.`,
    );
  }

  const binary = await findOnPath("redis-server");
  if (!binary) {
    throw new ServiceError(
      [
        `Redis is not running at ${redact(url)} and redis-server is not installed, so it cannot be started for you.`,
        "Install it, then run the command again:",
        "  Debian/Ubuntu:  sudo apt-get install -y redis-server",
        "  macOS:          brew install redis",
        "  Docker:         docker run -p 6379:6379 redis:7",
        "Or set REDIS_URL to a Redis you already have.",
      ].join("\n"),
    );
  }

  const dataDir = options.dataDir ?? join(defaultDataRoot, "redis");
  const log = options.log ?? (() => {});
  await mkdir(dataDir, { recursive: true });
  await stopLeftoverRedis(join(dataDir, "redis.pid"), options.notify ?? (() => {}));
  const port = await findFreePort(options.port ?? 6380);
  const localUrl = new URL(url);
  localUrl.hostname = "127.0.0.1";
  localUrl.port = String(port);
  localUrl.username = "";
  localUrl.password = "";
  localUrl.protocol = "redis:";

  const tail = createTail(30);
  const child = spawn(
    binary,
    [
      ...[
        "--port",
        String(port),
        "--bind",
        "127.0.0.1",
        "--dir",
        dataDir,
        "--pidfile",
        join(dataDir, "redis.pid"),
      ],
      ...["--save", "", "--appendonly", "no", "--maxmemory-policy", "noeviction", "--daemonize", "no"],
      ...["--loglevel", "warning"],
    ],
    // Its own process group: Ctrl-C in the terminal must not stop Redis before the apps that use it.
    { detached: true, stdio: ["ignore", "pipe", "pipe"] },
  );
  const onOutput = (chunk: Buffer) => {
    for (const line of chunk.toString().split("\n")) {
      if (line.trim() === "") continue;
      tail.add(line);
      log(line);
    }
  };
  child.stdout?.on("data", onOutput);
  child.stderr?.on("data", onOutput);

  const deadline = Date.now() + 10_000;
  while ((await pingRedis(localUrl.toString())) !== null) {
    if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
      await stopChild(child);
      throw new ServiceError(`redis-server did not start on port ${port}. Its last words:\n${tail.text()}`);
    }
    await sleep(100);
  }
  return { url: localUrl.toString(), startedHere: true, stop: () => stopChild(child) };
}

/** Null when Redis answers PING, otherwise the reason in words. */
async function pingRedis(url: string): Promise<string | null> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: CONNECT_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  client.on("error", () => {}); // reported through the rejected promise below
  try {
    await client.connect();
    await client.ping();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    client.disconnect();
  }
}

async function stopLeftoverRedis(pidFile: string, notify: (message: string) => void): Promise<void> {
  const pid = Number((await readFile(pidFile, "utf8").catch(() => "")).trim());
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  if (!(await commandMentions(pid, "redis-server"))) return; // the pid was reused by another program
  notify(`Stopping the redis-server that a previous run left running (pid ${pid}).`);
  await stopProcess(pid, "SIGTERM");
}

// ─── Shared ──────────────────────────────────────────────────────────────────────────────────────────

type ServiceUrl = { host: string; port: number; pathname: string; isLoopback: boolean };

function parseServiceUrl(url: string, protocols: string[], variable: string): ServiceUrl {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ServiceError(`${variable} is not a valid URL: ${url}`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ServiceError(`${variable} must start with ${protocols.join(" or ")}// (got ${redact(url)}).`);
  }
  const host = parsed.hostname.replace(/^\[|\]$/g, "") || "localhost";
  const defaultPort = protocols[0] === "redis:" ? 6379 : 5432;
  return {
    host,
    port: parsed.port === "" ? defaultPort : Number(parsed.port),
    pathname: parsed.pathname,
    isLoopback: host === "localhost" || host === "::1" || host.startsWith("127."),
  };
}

/** The URL with its password replaced, fit for printing. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== "") parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(invalid URL)";
  }
}

async function findOnPath(command: string): Promise<string | null> {
  for (const directory of (process.env.PATH ?? "").split(delimiter)) {
    if (directory === "") continue;
    const candidate = join(directory, command);
    if (!existsSync(candidate)) continue;
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {}
  }
  return null;
}

/** On Linux, whether the process's command line contains `word`; elsewhere we cannot tell cheaply, so true. */
async function commandMentions(pid: number, word: string): Promise<boolean> {
  if (process.platform !== "linux") return true;
  const command = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
  return command.includes(word);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"; // alive, but someone else's
  }
}

async function stopProcess(pid: number, signal: NodeJS.Signals, timeoutMs = 15_000): Promise<void> {
  try {
    process.kill(pid, signal);
  } catch {
    return;
  }
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(100);
  if (isAlive(pid)) process.kill(pid, "SIGKILL");
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
  await exited;
  clearTimeout(timer);
}
