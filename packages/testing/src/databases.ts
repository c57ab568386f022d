import { randomBytes } from "node:crypto";
import pg from "pg";

export function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export function randomSuffix(bytes = 4): string {
  return randomBytes(bytes).toString("hex");
}

async function withMaintenanceClient<T>(
  serverUrl: string,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: withDatabase(serverUrl, "postgres") });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const SAFE_NAME = /^kavi_test_[a-z0-9_]+$/;

function assertOurs(name: string) {
  if (!SAFE_NAME.test(name))
    throw new Error(`Refusing to touch database "${name}": not a KAVI test database`);
}

export async function createDatabase(serverUrl: string, name: string, template?: string): Promise<string> {
  assertOurs(name);
  if (template) assertOurs(template);
  await withMaintenanceClient(serverUrl, (client) =>
    client.query(`create database "${name}"${template ? ` template "${template}"` : ""}`),
  );
  return withDatabase(serverUrl, name);
}

/** Drops only databases this run created (their names carry the run id). */
export async function dropDatabasesWithPrefix(serverUrl: string, prefix: string): Promise<string[]> {
  assertOurs(`${prefix}x`);
  return withMaintenanceClient(serverUrl, async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      "select datname from pg_database where datname like $1 order by datname desc",
      [`${prefix.replace(/_/g, "\\_")}%`],
    );
    for (const { datname } of rows) {
      assertOurs(datname);
      await client.query(
        "select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()",
        [datname],
      );
      await client.query(`drop database if exists "${datname}"`);
    }
    return rows.map((row) => row.datname);
  });
}
