import { join } from "node:path";
import type { ClientConfig } from "pg";
import type { TOpsEnv } from "./env";

/** Where and as whom to connect; the database is chosen per operation. */
export interface ConnectionSettings {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password?: string;
  readonly sslmode?: string;
  /** The database DATABASE_URL or PGDATABASE names, if any: the default source of a backup. */
  readonly database?: string;
  /** Where the PostgreSQL client tools are; empty means PATH. */
  readonly binDir?: string;
}

/** The database every PostgreSQL server has, used to create and drop others. */
export const MAINTENANCE_DATABASE = "postgres";

/** Database names the scripts accept: no quoting games in CREATE / DROP / pg_restore arguments. */
const DATABASE_NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,62}$/;

export function assertDatabaseName(name: string): string {
  if (!DATABASE_NAME.test(name)) throw new Error(`Not a usable database name: "${name}"`);
  return name;
}

export function connectionSettings(env: TOpsEnv): ConnectionSettings {
  const url = env.DATABASE_URL ? new URL(env.DATABASE_URL) : undefined;
  const fromUrl = (value: string | undefined) => (value ? decodeURIComponent(value) : undefined);
  return {
    host: fromUrl(url?.hostname) ?? env.PGHOST ?? "127.0.0.1",
    port: url?.port ? Number(url.port) : (env.PGPORT ?? 5432),
    user: fromUrl(url?.username) ?? env.PGUSER ?? "postgres",
    password: fromUrl(url?.password) ?? env.PGPASSWORD,
    sslmode: url?.searchParams.get("sslmode") ?? env.PGSSLMODE,
    database: fromUrl(url?.pathname.slice(1)) ?? env.PGDATABASE,
    binDir: env.PG_BIN_DIR,
  };
}

/** node-postgres settings for one database. */
export function clientConfig(settings: ConnectionSettings, database: string): ClientConfig {
  const { sslmode } = settings;
  const ssl =
    sslmode === "require" || sslmode === "verify-ca" || sslmode === "verify-full"
      ? { rejectUnauthorized: sslmode !== "require" }
      : undefined;
  return {
    host: settings.host,
    port: settings.port,
    user: settings.user,
    password: settings.password,
    database,
    ssl,
    application_name: "kavi-ops",
  };
}

/** libpq variables for pg_dump / pg_restore: the password never appears on a command line. */
export function libpqEnvironment(settings: ConnectionSettings): Record<string, string | undefined> {
  return {
    PGHOST: settings.host,
    PGPORT: String(settings.port),
    PGUSER: settings.user,
    PGPASSWORD: settings.password,
    PGSSLMODE: settings.sslmode,
    PGAPPNAME: "kavi-ops",
    // The database is always given with --dbname.
    PGDATABASE: undefined,
  };
}

export function toolPath(settings: ConnectionSettings, tool: "pg_dump" | "pg_restore" | "psql"): string {
  return settings.binDir ? join(settings.binDir, tool) : tool;
}
