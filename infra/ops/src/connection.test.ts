import { describe, expect, it } from "vitest";
import { backupFileName, databaseOfBackup } from "./backup";
import { assertDatabaseName, clientConfig, connectionSettings, libpqEnvironment } from "./connection";
import { loadOpsEnv } from "./env";

describe("connection settings", () => {
  it("default to the local development server", () => {
    const settings = connectionSettings(loadOpsEnv({}));
    expect(settings).toMatchObject({ host: "127.0.0.1", port: 5432, user: "postgres", database: undefined });
    expect(loadOpsEnv({}).BACKUP_DIR).toBe(".artifacts/backups");
  });

  it("read DATABASE_URL, decoding credentials, and keep sslmode", () => {
    const settings = connectionSettings(
      loadOpsEnv({
        DATABASE_URL: "postgresql://kavi:p%40ss%3Aword@db.internal:6543/kavi?sslmode=require",
        PGHOST: "ignored.example",
      }),
    );
    expect(settings).toMatchObject({
      host: "db.internal",
      port: 6543,
      user: "kavi",
      password: "p@ss:word",
      database: "kavi",
      sslmode: "require",
    });
    expect(clientConfig(settings, "other")).toMatchObject({
      database: "other",
      ssl: { rejectUnauthorized: false },
    });
    // Passed to pg_dump / pg_restore through the environment, never on the command line.
    expect(libpqEnvironment(settings)).toMatchObject({ PGPASSWORD: "p@ss:word", PGSSLMODE: "require" });
  });

  it("fall back to PG* variables, treating empty ones as unset", () => {
    const settings = connectionSettings(
      loadOpsEnv({ PGHOST: "10.0.5.10", PGPORT: "5433", PGUSER: "", PGDATABASE: "kavi" }),
    );
    expect(settings).toMatchObject({ host: "10.0.5.10", port: 5433, user: "postgres", database: "kavi" });
  });

  it("reject settings that cannot work", () => {
    expect(() => loadOpsEnv({ PGPORT: "not-a-port" })).toThrow(/PGPORT/);
    expect(() => loadOpsEnv({ DATABASE_URL: "mysql://x@y/z" })).toThrow(/DATABASE_URL/);
    expect(() => loadOpsEnv({ BACKUP_S3_URI: "https://bucket" })).toThrow(/s3:\/\/bucket\/prefix/);
  });
});

describe("names", () => {
  it("stamp backups in UTC to the second and read the database back", () => {
    const name = backupFileName("kavi", new Date("2025-03-04T05:06:07.890Z"));
    expect(name).toBe("kavi-kavi-20250304T050607Z.dump");
    expect(databaseOfBackup(`/backups/${name}`)).toBe("kavi");
    expect(databaseOfBackup("/backups/other.dump")).toBeUndefined();
  });

  it("refuse database names that would need quoting", () => {
    expect(assertDatabaseName("kavi_verify_1")).toBe("kavi_verify_1");
    expect(() => assertDatabaseName('kavi"; drop database kavi; --')).toThrow(/Not a usable database name/);
    expect(() => assertDatabaseName("")).toThrow();
  });
});
