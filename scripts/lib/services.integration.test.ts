// Against the PostgreSQL and Redis this machine runs (DATABASE_URL / REDIS_URL or their defaults), plus the
// fallbacks that start local servers on free ports. Nothing here stops a server it did not start.

import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { loadScriptsEnv } from "../env";
import { findFreePort, isListening } from "./ports";
import { dropDatabase, ensurePostgres, ensureRedis, ServiceError } from "./services";

const { settings } = loadScriptsEnv();
const temporaryDirs: string[] = [];

afterAll(async () => {
  for (const dir of temporaryDirs) await rm(dir, { recursive: true, force: true });
});

async function temporaryDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "kavi-services-"));
  // When the tests run as root, PostgreSQL runs as the `postgres` user and must be able to enter the folder.
  await chmod(dir, 0o755);
  temporaryDirs.push(dir);
  return dir;
}

function withDatabase(url: string, database: string): string {
  const changed = new URL(url);
  changed.pathname = `/${database}`;
  return changed.toString();
}

async function currentDatabase(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ name: string }>("select current_database() as name");
    return result.rows[0]?.name ?? "";
  } finally {
    await client.end();
  }
}

async function closedLocalPort(): Promise<number> {
  return findFreePort(20_000 + Math.floor(Math.random() * 20_000));
}

describe("ensurePostgres", () => {
  // CREATE DATABASE writes the template's pages through the WAL: beside a full test run's own databases on two
  // shared cores it once took over 30 s (CI at a stop), so it gets the embedded cluster's allowance.
  it("creates the database when it is missing, and leaves it alone the second time", {
    timeout: 90_000,
  }, async () => {
    const name = `kavi_scripts_test_${process.pid}_${Date.now()}`;
    const url = withDatabase(settings.DATABASE_URL, name);
    try {
      const first = await ensurePostgres(url);
      expect(first).toMatchObject({ url, startedHere: false, createdDatabase: true });
      expect(await currentDatabase(first.url)).toBe(name);

      const second = await ensurePostgres(url);
      expect(second.createdDatabase).toBe(false);
      await second.stop(); // a no-op for a server it did not start
      expect(await currentDatabase(url)).toBe(name);
    } finally {
      await dropDatabase(url);
    }
  });

  it("explains a wrong password instead of starting another server", async () => {
    const url = new URL(settings.DATABASE_URL);
    url.username = "kavi_no_such_user";
    url.password = "wrong";
    await expect(ensurePostgres(url.toString())).rejects.toThrow(ServiceError);
  });

  it("starts an embedded PostgreSQL when nothing listens at a local URL", { timeout: 90_000 }, async () => {
    const dataDir = join(await temporaryDir(), "postgres");
    const unreachable = `postgres://postgres@127.0.0.1:${await closedLocalPort()}/kavi_embedded_test`;
    const service = await ensurePostgres(unreachable, { dataDir, port: await closedLocalPort() });
    try {
      expect(service.startedHere).toBe(true);
      expect(service.createdDatabase).toBe(true);
      expect(service.url).not.toBe(unreachable);
      expect(await currentDatabase(service.url)).toBe("kavi_embedded_test");
    } finally {
      await service.stop();
    }
    expect(await isListening(Number(new URL(service.url).port))).toBe(false);
  });

  it.runIf(process.getuid?.() === 0)(
    "as root, refuses at once (no initdb EACCES) when the postgres user cannot enter the data folder",
    async () => {
      // A clone in /root looks like this: a parent folder only its owner may enter.
      const locked = await temporaryDir();
      await chmod(locked, 0o700);
      const unreachable = `postgres://postgres@127.0.0.1:${await closedLocalPort()}/kavi_embedded_test`;
      const attempt = ensurePostgres(unreachable, {
        dataDir: join(locked, "postgres"),
        port: await closedLocalPort(),
      });
      await expect(attempt).rejects.toThrow(ServiceError);
      await expect(attempt).rejects.toThrow(`cannot enter ${locked}`);
      await expect(attempt).rejects.toThrow(/chmod o\+x/);
    },
  );

  it("does not stand in for a server it cannot reach at a non-loopback address", async () => {
    // 0.0.0.0 is not a loopback name, yet connecting to it stays on this machine.
    const url = `postgres://postgres@0.0.0.0:${await closedLocalPort()}/kavi`;
    await expect(ensurePostgres(url)).rejects.toThrow(/Cannot reach PostgreSQL/);
  });

  it("asks for a database name", async () => {
    await expect(ensurePostgres("postgres://postgres@127.0.0.1:5432")).rejects.toThrow(
      /must name one database/,
    );
  });
});

describe("ensureRedis", () => {
  it("uses the Redis that answers", async () => {
    const service = await ensureRedis(settings.REDIS_URL);
    expect(service).toMatchObject({ url: settings.REDIS_URL, startedHere: false });
  });

  it("starts redis-server on a free port when nothing listens locally, and stops it", async () => {
    const dataDir = await temporaryDir();
    const service = await ensureRedis(`redis://127.0.0.1:${await closedLocalPort()}/2`, {
      dataDir,
      port: await closedLocalPort(),
    });
    const port = Number(new URL(service.url).port);
    try {
      expect(service.startedHere).toBe(true);
      expect(new URL(service.url).pathname).toBe("/2");
      expect(await isListening(port)).toBe(true);
    } finally {
      await service.stop();
    }
    expect(await isListening(port)).toBe(false);
  });

  it("says how to install Redis when redis-server is missing", async () => {
    const path = process.env.PATH;
    process.env.PATH = "/nonexistent";
    try {
      const attempt = ensureRedis(`redis://127.0.0.1:${await closedLocalPort()}`);
      await expect(attempt).rejects.toThrow(ServiceError);
      await expect(attempt).rejects.toThrow(/sudo apt-get install -y redis-server[\s\S]*brew install redis/);
    } finally {
      process.env.PATH = path;
    }
  });
});
