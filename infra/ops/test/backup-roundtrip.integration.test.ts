import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { appendFile, copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BackupResult, createBackup, databaseOfBackup } from "../src/backup";
import { checksumPathOf } from "../src/checksum";
import { connectionSettings } from "../src/connection";
import { createDatabase, databaseExists, dropDatabase, withClient } from "../src/databases";
import { loadOpsEnv } from "../src/env";
import { compareFingerprints, fingerprintDatabase } from "../src/fingerprint";
import { RestoreRefusedError, restoreBackup } from "../src/restore";
import { verifyBackup } from "../src/verify";

/**
 * The backup → verify → restore round trip against the real local PostgreSQL (DATABASE_URL or PG*,
 * default 127.0.0.1:5432 as postgres). Every database it touches it creates itself, with a unique
 * name, and it drops only those.
 */
const settings = connectionSettings(loadOpsEnv());
const run = randomBytes(4).toString("hex");
const sourceDatabase = `kavi_ops_test_${run}_source`;
const created = new Set<string>();
let workDirectory: string;
let backup: BackupResult;

async function createOwnDatabase(name: string): Promise<void> {
  await createDatabase(settings, name);
  created.add(name);
}

/** Money as bigint minor units (above 2^53), jsonb, timestamps, unicode, nulls, bytea. */
const SCHEMA = `
  create table businesses (
    id bigint generated always as identity primary key,
    name text not null,
    currency char(3) not null default 'KES',
    created_at timestamptz not null
  );
  create table transactions (
    id bigint generated always as identity primary key,
    business_id bigint not null references businesses(id),
    amount_minor bigint not null,
    description text,
    metadata jsonb not null default '{}',
    occurred_on date not null,
    recorded_at timestamp with time zone not null,
    receipt bytea
  );
  create index transactions_business_idx on transactions (business_id, occurred_on);
  create table invoice_numbers (business_id bigint primary key references businesses(id), next_number integer not null);
  create table audit_log (id uuid primary key, payload jsonb);
`;

const DATA = `
  insert into businesses (name, created_at) values
    ('Mama Mboga Duka ☕ — Nairobi', '2025-01-02T03:04:05.678Z'),
    ('Kiosk ya Wanjirũ & Sons (Ltd.)', '2025-06-30T23:59:59Z'),
    ('数字商店 🇰🇪', '2024-02-29T12:00:00+03:00');
  insert into transactions (business_id, amount_minor, description, metadata, occurred_on, recorded_at, receipt)
  select 1 + (g % 3),
         case when g = 1 then 9007199254740993 when g = 2 then -9223372036854775807 else g * 1250 end,
         case when g % 10 = 0 then null else 'M-Pesa QFT' || g || ' — malipo ya bidhaa' end,
         jsonb_build_object('mpesa', jsonb_build_object('receipt', 'QFT' || g, 'phone', '2547' || lpad(g::text, 8, '0')),
                            'tags', jsonb_build_array('sales', 'ñandú'), 'ratio', g / 7.0),
         date '2025-01-01' + g,
         timestamptz '2025-01-01 00:00:00+03' + g * interval '1 hour 1 second',
         case when g % 50 = 0 then decode(md5(g::text), 'hex') end
    from generate_series(1, 600) as g;
  insert into invoice_numbers values (1, 42), (2, 1);
`;

beforeAll(async () => {
  workDirectory = await mkdtemp(join(tmpdir(), "kavi-ops-test-"));
  await createOwnDatabase(sourceDatabase);
  await withClient(settings, sourceDatabase, async (client) => {
    await client.query(SCHEMA);
    await client.query(DATA);
  });
  backup = await createBackup({
    settings,
    database: sourceDatabase,
    directory: workDirectory,
    now: new Date("2025-11-22T08:30:05.123Z"),
  });
});

afterAll(async () => {
  for (const name of created) await dropDatabase(settings, name);
  if (workDirectory) await rm(workDirectory, { recursive: true, force: true });
});

describe("backup", () => {
  it("writes a timestamped custom-format dump and a sha256sum-style checksum beside it", async () => {
    expect(basename(backup.dumpPath)).toBe(`kavi-${sourceDatabase}-20251122T083005Z.dump`);
    expect(databaseOfBackup(backup.dumpPath)).toBe(sourceDatabase);
    const header = (await readFile(backup.dumpPath)).subarray(0, 5).toString("latin1");
    expect(header).toBe("PGDMP");
    expect(await readFile(backup.checksumPath, "utf8")).toBe(
      `${backup.sha256}  ${basename(backup.dumpPath)}\n`,
    );
    expect(backup.sizeBytes).toBeGreaterThan(1000);
  });
});

describe("verify", () => {
  it("restores into a scratch database, finds every table identical, and drops the scratch database", async () => {
    const result = await verifyBackup({ settings, dumpPath: backup.dumpPath, sourceDatabase });
    expect(result.checksum).toEqual({ ok: true, sha256: backup.sha256 });
    expect(result.tables).toEqual([
      { table: "audit_log", sourceRows: "0", restoredRows: "0", status: "match" },
      { table: "businesses", sourceRows: "3", restoredRows: "3", status: "match" },
      { table: "invoice_numbers", sourceRows: "2", restoredRows: "2", status: "match" },
      { table: "transactions", sourceRows: "600", restoredRows: "600", status: "match" },
    ]);
    expect(result.ok).toBe(true);
    expect(result.scratchDatabase).toMatch(/^kavi_verify_/);
    expect(await databaseExists(settings, result.scratchDatabase ?? "")).toBe(false);
  });

  it("fails on a tampered dump, before restoring anything", async () => {
    const tampered = join(workDirectory, "tampered", basename(backup.dumpPath));
    await copyBackup(backup, tampered);
    await appendFile(tampered, "x");
    const result = await verifyBackup({ settings, dumpPath: tampered, sourceDatabase });
    expect(result.ok).toBe(false);
    expect(result.checksum).toEqual({ ok: false, reason: expect.stringMatching(/^SHA-256 mismatch/) });
    expect(result.scratchDatabase).toBeUndefined();
  });

  it("fails on a wrong or missing checksum file", async () => {
    const copy = join(workDirectory, "bad-checksum", basename(backup.dumpPath));
    await copyBackup(backup, copy);
    await writeFile(checksumPathOf(copy), `${"0".repeat(64)}  ${basename(copy)}\n`);
    expect((await verifyBackup({ settings, dumpPath: copy, sourceDatabase })).checksum).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^SHA-256 mismatch/),
    });
    await rm(checksumPathOf(copy));
    expect((await verifyBackup({ settings, dumpPath: copy, sourceDatabase })).checksum).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/missing/),
    });
  });

  it("reports the tables whose rows differ from the source", async () => {
    const changed = `kavi_ops_test_${run}_changed`;
    await restoreInto(changed);
    await withClient(settings, changed, async (client) => {
      await client.query("update transactions set amount_minor = amount_minor + 1 where id = 300");
      await client.query("insert into invoice_numbers values (3, 7)");
    });
    const result = await verifyBackup({ settings, dumpPath: backup.dumpPath, sourceDatabase: changed });
    expect(result.ok).toBe(false);
    expect(Object.fromEntries(result.tables.map((table) => [table.table, table.status]))).toEqual({
      audit_log: "match",
      businesses: "match",
      invoice_numbers: "row count differs",
      transactions: "content differs",
    });
  });

  it("exits non-zero from the command line on a mismatch, zero when all is well", async () => {
    const ok = await runCli("verify", [backup.dumpPath]);
    expect(ok.exitCode).toBe(0);
    expect(ok.stdout).toMatch(/transactions\s+600\s+600\s+match/);
    expect(ok.stdout).toContain("OK: all 4 tables match");

    const tampered = join(workDirectory, "cli-tampered", basename(backup.dumpPath));
    await copyBackup(backup, tampered);
    await appendFile(tampered, "!");
    const failed = await runCli("verify", [tampered]);
    expect(failed.exitCode).toBe(1);
    expect(failed.stderr).toContain("SHA-256 mismatch");
  });
});

describe("restore", () => {
  const target = `kavi_ops_test_${run}_restored`;

  it("creates the named database and restores the dump into it, identical to the source", async () => {
    created.add(target);
    const result = await restoreBackup({ settings, dumpPath: backup.dumpPath, targetDatabase: target });
    expect(result).toEqual({ database: target, createdDatabase: true, replacedExisting: false });
    const [source, restored] = await Promise.all([
      fingerprintDatabase(settings, sourceDatabase),
      fingerprintDatabase(settings, target),
    ]);
    expect(compareFingerprints(source, restored).every((table) => table.status === "match")).toBe(true);
    const money = await withClient(settings, target, (client) =>
      client.query<{ amount: string }>(
        "select amount_minor::text as amount from transactions order by id limit 2",
      ),
    );
    expect(money.rows.map((row) => row.amount)).toEqual(["9007199254740993", "-9223372036854775807"]);
  });

  it("refuses to overwrite a database that is not empty", async () => {
    await expect(
      restoreBackup({ settings, dumpPath: backup.dumpPath, targetDatabase: target }),
    ).rejects.toThrow(RestoreRefusedError);
    const cli = await runCli("restore", [backup.dumpPath, "--target", target]);
    expect(cli.exitCode).toBe(1);
    expect(cli.stderr).toContain("is not empty");
  });

  it("overwrites it with --force, dropping what changed since", async () => {
    await withClient(settings, target, (client) => client.query("delete from invoice_numbers"));
    const result = await restoreBackup({
      settings,
      dumpPath: backup.dumpPath,
      targetDatabase: target,
      force: true,
    });
    expect(result.replacedExisting).toBe(true);
    const restored = await fingerprintDatabase(settings, target);
    expect(restored.get("invoice_numbers")?.rows).toBe("2");
  });

  it("refuses a dump whose checksum does not hold", async () => {
    const tampered = join(workDirectory, "restore-tampered", basename(backup.dumpPath));
    await copyBackup(backup, tampered);
    await appendFile(tampered, "?");
    const never = `kavi_ops_test_${run}_never`;
    await expect(restoreBackup({ settings, dumpPath: tampered, targetDatabase: never })).rejects.toThrow(
      /SHA-256/,
    );
    expect(await databaseExists(settings, never)).toBe(false);
  });
});

async function restoreInto(database: string): Promise<void> {
  created.add(database);
  await restoreBackup({ settings, dumpPath: backup.dumpPath, targetDatabase: database });
}

async function copyBackup(source: BackupResult, dumpPath: string): Promise<void> {
  await mkdir(dirname(dumpPath), { recursive: true });
  await copyFile(source.dumpPath, dumpPath);
  await copyFile(source.checksumPath, checksumPathOf(dumpPath));
}

const packageDirectory = fileURLToPath(new URL("..", import.meta.url));

/** Runs one of the package's commands the way an operator does (through tsx), with this process's environment. */
async function runCli(
  command: "backup" | "verify" | "restore",
  args: string[],
): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const tsx = join(packageDirectory, "node_modules", ".bin", "tsx");
  try {
    const { stdout, stderr } = await promisify(execFile)(
      tsx,
      [join("src", "cli", `${command}.ts`), ...args],
      {
        cwd: packageDirectory,
        env: process.env,
      },
    );
    return { exitCode: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code?: number; stdout?: string; stderr?: string };
    return { exitCode: failure.code ?? -1, stdout: failure.stdout ?? "", stderr: failure.stderr ?? "" };
  }
}
