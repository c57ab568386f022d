import { Client } from "pg";
import {
  assertDatabaseName,
  type ConnectionSettings,
  clientConfig,
  MAINTENANCE_DATABASE,
} from "./connection";

export async function withClient<T>(
  settings: ConnectionSettings,
  database: string,
  use: (client: Client) => Promise<T>,
): Promise<T> {
  const client = new Client(clientConfig(settings, database));
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

export function databaseExists(settings: ConnectionSettings, name: string): Promise<boolean> {
  return withClient(settings, MAINTENANCE_DATABASE, async (client) => {
    const result = await client.query("select 1 from pg_database where datname = $1", [name]);
    return result.rowCount === 1;
  });
}

/** From template0, as pg_restore wants: nothing in it but what the dump brings. */
export function createDatabase(settings: ConnectionSettings, name: string): Promise<void> {
  return withClient(settings, MAINTENANCE_DATABASE, async (client) => {
    await client.query(
      `create database ${client.escapeIdentifier(assertDatabaseName(name))} template template0`,
    );
  });
}

/** Drops a database, disconnecting its sessions. Callers only ever pass databases they created. */
export function dropDatabase(settings: ConnectionSettings, name: string): Promise<void> {
  return withClient(settings, MAINTENANCE_DATABASE, async (client) => {
    await client.query(
      `drop database if exists ${client.escapeIdentifier(assertDatabaseName(name))} with (force)`,
    );
  });
}

/** Tables, views, sequences... in schemas other than PostgreSQL's own: zero means "empty". */
export function countUserRelations(settings: ConnectionSettings, name: string): Promise<number> {
  return withClient(settings, name, async (client) => {
    const result = await client.query<{ count: string }>(
      `select count(*) as count
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname not in ('pg_catalog', 'information_schema')
          and n.nspname not like 'pg\\_toast%' and n.nspname not like 'pg\\_temp%'`,
    );
    return Number(result.rows[0]?.count ?? 0);
  });
}
