import { type Column, fillPlaceholders } from "drizzle-orm";
import pg from "pg";

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
 *
 * `selection` must be the object the query selects (same keys, same order); `values` fill its placeholders.
 */
export function preparedSelect<Row>(
  pool: pg.Pool,
  name: string,
  query: BuiltQuery,
  selection: Record<string, Column>,
): (values: Record<string, unknown>) => Promise<Row[]> {
  const { sql: text, params } = query.toSQL();
  const columns = Object.entries(selection);
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
      for (let index = 0; index < columns.length; index += 1) {
        const [key, column] = columns[index] as [string, Column];
        const value = row[index];
        item[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
      }
      return item as Row;
    });
  };
}
