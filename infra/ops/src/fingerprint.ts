import type { Client } from "pg";
import type { ConnectionSettings } from "./connection";
import { withClient } from "./databases";

/** Row count and content checksum of one table. */
export interface TableFingerprint {
  readonly table: string;
  /** A string: bigint counts do not fit a JS number in general. */
  readonly rows: string;
  readonly checksum: string;
}

/**
 * The text form of a row depends on session settings (time zone, date style, float digits, bytea
 * format); pin them so two databases are compared on the same terms.
 */
const DETERMINISTIC_SESSION = [
  "set time zone 'UTC'",
  "set datestyle to 'ISO, YMD'",
  "set intervalstyle to 'postgres'",
  "set extra_float_digits to 3",
  "set bytea_output to 'hex'",
];

/**
 * Fingerprints every table of the `public` schema from one consistent snapshot. The checksum is the
 * MD5 of the sorted per-row MD5s: independent of physical row order, and it never holds more than
 * 32 bytes per row in memory.
 */
export function fingerprintDatabase(
  settings: ConnectionSettings,
  database: string,
): Promise<Map<string, TableFingerprint>> {
  return withClient(settings, database, async (client) => {
    for (const statement of DETERMINISTIC_SESSION) await client.query(statement);
    await client.query("begin isolation level repeatable read read only");
    try {
      const tables = await listPublicTables(client);
      const fingerprints = new Map<string, TableFingerprint>();
      for (const table of tables) fingerprints.set(table, await fingerprintTable(client, table));
      return fingerprints;
    } finally {
      await client.query("rollback");
    }
  });
}

async function listPublicTables(client: Client): Promise<string[]> {
  const result = await client.query<{ name: string }>(
    `select c.relname as name
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p')
      order by c.relname collate "C"`,
  );
  return result.rows.map((row) => row.name);
}

async function fingerprintTable(client: Client, table: string): Promise<TableFingerprint> {
  const result = await client.query<{ rows: string; checksum: string }>(
    `select count(*)::text as rows,
            md5(coalesce(string_agg(md5(t::text), '' order by md5(t::text) collate "C"), '')) as checksum
       from public.${client.escapeIdentifier(table)} as t`,
  );
  const row = result.rows[0];
  if (!row) throw new Error(`No fingerprint for ${table}`);
  return { table, rows: row.rows, checksum: row.checksum };
}

export type ComparisonStatus = "match" | "row count differs" | "content differs" | "missing" | "unexpected";

export interface TableComparison {
  readonly table: string;
  readonly sourceRows?: string;
  readonly restoredRows?: string;
  readonly status: ComparisonStatus;
}

/** Table by table, in name order: every table must exist on both sides with equal counts and content. */
export function compareFingerprints(
  source: ReadonlyMap<string, TableFingerprint>,
  restored: ReadonlyMap<string, TableFingerprint>,
): TableComparison[] {
  const tables = [...new Set([...source.keys(), ...restored.keys()])].sort();
  return tables.map((table) => {
    const expected = source.get(table);
    const actual = restored.get(table);
    const status: ComparisonStatus = !actual
      ? "missing"
      : !expected
        ? "unexpected"
        : expected.rows !== actual.rows
          ? "row count differs"
          : expected.checksum !== actual.checksum
            ? "content differs"
            : "match";
    return { table, sourceRows: expected?.rows, restoredRows: actual?.rows, status };
  });
}

/** A plain-text table for the terminal and CI logs. */
export function formatComparison(rows: readonly TableComparison[]): string {
  const header = ["table", "source rows", "restored rows", "result"];
  const lines = rows.map((row) => [row.table, row.sourceRows ?? "-", row.restoredRows ?? "-", row.status]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...lines.map((line) => (line[column] ?? "").length)),
  );
  const render = (cells: string[]) =>
    cells
      .map((cell, column) =>
        column === 1 || column === 2 ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0),
      )
      .join("  ");
  return [render(header), render(widths.map((width) => "-".repeat(width))), ...lines.map(render)].join("\n");
}
