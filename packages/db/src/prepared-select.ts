import { Column, fillPlaceholders, is, type SQL } from "drizzle-orm";
import pg from "pg";
import type { DbOrTx } from "./client";

/**
 * Types drizzle decodes itself from PostgreSQL's text (dates, times, intervals and their arrays): the driver must
 * hand them over untouched, exactly as drizzle's own node-postgres session asks, so the columns' decoders see
 * what they expect.
 */
const DECODED_BY_DRIZZLE = new Set([
  pg.types.builtins.TIMESTAMPTZ,
  pg.types.builtins.TIMESTAMP,
  pg.types.builtins.DATE,
  pg.types.builtins.INTERVAL,
  1115, // timestamp[]
  1182, // date[]
  1185, // timestamptz[]
  1187, // interval[]
  1231, // numeric[]
]);
const untouched = (value: string) => value;
const types = {
  getTypeParser: ((typeId: number, format?: "text" | "binary") =>
    DECODED_BY_DRIZZLE.has(typeId)
      ? untouched
      : pg.types.getTypeParser(typeId, format)) as pg.CustomTypesConfig["getTypeParser"],
};

/** What a drizzle select builder gives for its SQL: the text and its parameters (placeholders unfilled). */
interface BuiltQuery {
  toSQL(): { sql: string; params: unknown[] };
}

/**
 * A drizzle select over flat columns, run as a named statement (prepared once per connection) on the pool, its
 * rows mapped by position with each column's own decoder. Drizzle's general mapper re-derives every column's
 * decoder and path on every row; for a hot list of 50 rows × 31 columns that was a sixth of the server's CPU
 * (bench/README.md, issue 13). The decoders are the columns' own, so values come out exactly as drizzle's.
 * A field that is an SQL expression (not a column) comes out as the driver parsed it, as drizzle leaves it too.
 *
 * `selection` must be the object the query selects (same keys, same order); `values` fill its placeholders.
 */
export function preparedSelect<Row>(
  pool: pg.Pool,
  name: string,
  query: BuiltQuery,
  selection: Record<string, Column | SQL>,
): (values: Record<string, unknown>) => Promise<Row[]> {
  const { sql: text, params } = query.toSQL();
  const fields = Object.entries(selection).map(
    ([key, field]) => [key, is(field, Column) ? field : null] as const,
  );
  return async (values) => {
    const result = await pool.query<unknown[]>({
      name,
      text,
      values: fillPlaceholders(params, values),
      rowMode: "array",
      types,
    });
    return result.rows.map((row) => {
      const item: Record<string, unknown> = {};
      for (let index = 0; index < fields.length; index += 1) {
        const [key, column] = fields[index] as (typeof fields)[number];
        const value = row[index];
        item[key] =
          value === null || value === undefined ? null : column ? column.mapFromDriverValue(value) : value;
      }
      return item as Row;
    });
  };
}

/**
 * A named statement for a select on either handle: on the pool, with preparedSelect's mapper; in a transaction
 * (its own connection, no pool to send on), drizzle's own prepared query.
 */
export function prepareSelect<Row>(
  db: DbOrTx,
  name: string,
  query: BuiltQuery & { prepare(name: string): { execute(values: Record<string, unknown>): Promise<Row[]> } },
  selection: Record<string, Column | SQL>,
): { execute(values: Record<string, unknown>): Promise<Row[]> } {
  if ("$client" in db) return { execute: preparedSelect<Row>(db.$client, name, query, selection) };
  return query.prepare(name);
}
