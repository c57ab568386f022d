import { type Column, getTableColumns, is, SQL, sql } from "drizzle-orm";
import { toSnakeCase } from "drizzle-orm/casing";
import type { PgInsertValue, PgTable } from "drizzle-orm/pg-core";
import type { DbOrTx } from "./client";

export interface InsertRowsOptions {
  /** What follows `on conflict`, e.g. sql`(business_id, external_id) where external_id is not null do nothing`. */
  onConflict?: SQL;
  /** Return the inserted rows (as drizzle's `.returning()` would), skipping any the conflict clause left out. */
  returning?: boolean;
}

interface TableColumn {
  key: string;
  column: Column;
  /** `"business_id"` */
  name: string;
  /** `uuid[]`, `varchar(60)[]`, `mpesa_callback_kind[]` */
  arrayType: string;
  /** False for a generated column, which an insert never writes. */
  insertable: boolean;
}

/** A table's columns with their names as our snake_case drizzle writes them. */
const tableColumns = new WeakMap<PgTable, TableColumn[]>();

function columnsOf(table: PgTable): TableColumn[] {
  let found = tableColumns.get(table);
  if (!found) {
    found = Object.entries(getTableColumns(table)).map(([key, column]) => ({
      key,
      column,
      name: column.keyAsName ? toSnakeCase(column.name) : column.name,
      arrayType: `${column.getSQLType()}[]`,
      // As drizzle's own insert: a generated column is never written, unless generated only by default.
      insertable: column.generated === undefined || column.generated.type === "byDefault",
    }));
    tableColumns.set(table, found);
  }
  return found;
}

/**
 * A multi-row insert as ONE statement with one array parameter per column:
 * `insert into t (a, b) select * from unnest($1::uuid[], $2::bigint[])`. Drizzle's `.values(rows)` builds a
 * parameter and several SQL chunks for every cell; for a settlement batch (50 ledger rows × 30 columns, 150 activity
 * rows, …) that was a fifth of the worker's CPU (bench/README.md, issue 13). Values go through each column's own
 * encoder and come back through its decoder, exactly as drizzle's; a column no row sets is left to its default
 * (`$defaultFn` runs per row, as in drizzle).
 *
 * Falls back to drizzle's own insert for what one array per column cannot carry: a column some rows set and others
 * leave to a database default, a value that is SQL, an array-typed column (unnest would flatten it), or a
 * `$defaultFn` that returns SQL.
 */
export async function insertRows<T extends PgTable>(
  db: DbOrTx,
  table: T,
  rows: readonly PgInsertValue<T>[],
  options: InsertRowsOptions = {},
): Promise<T["$inferSelect"][]> {
  if (rows.length === 0) return [];
  const plan = planColumns(table, rows);
  const insert = plan
    ? sql`insert into ${table} (${sql.raw(plan.map(({ name }) => `"${name}"`).join(", "))}) select * from unnest(${sql.join(
        plan.map(({ values, arrayType }) => sql`${sql.param(values)}::${sql.raw(arrayType)}`),
        sql`, `,
      )})`
    : db
        .insert(table)
        .values(rows as PgInsertValue<T>[])
        .getSQL();
  const conflict = options.onConflict ? sql` on conflict ${options.onConflict}` : sql``;
  const returning = options.returning ? sql` returning *` : sql``;
  const result = await db.execute<Record<string, unknown>>(sql`${insert}${conflict}${returning}`);
  if (!options.returning) return [];
  const columns = columnsOf(table);
  return result.rows.map((row) => {
    const item: Record<string, unknown> = {};
    for (const { key, column, name } of columns) {
      const value = row[name];
      item[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
    }
    return item as T["$inferSelect"];
  });
}

interface PlannedColumn {
  name: string;
  arrayType: string;
  values: unknown[];
}

/** Each written column's values, encoded; null when one array per column cannot say what drizzle would. */
function planColumns<T extends PgTable>(table: T, rows: readonly PgInsertValue<T>[]): PlannedColumn[] | null {
  const planned: PlannedColumn[] = [];
  for (const { key, column, name, arrayType, insertable } of columnsOf(table)) {
    if (!insertable) continue;
    const given = rows.map((row) => (row as Record<string, unknown>)[key]);
    const setBy = given.filter((value) => value !== undefined).length;
    if (setBy === 0 && column.defaultFn === undefined) {
      // The database's default for every row, or drizzle's onUpdate value, which needs it per row: drizzle's.
      if (!column.default && column.onUpdateFn !== undefined) return null;
      continue;
    }
    if (setBy < rows.length && column.defaultFn === undefined) return null;
    if (arrayType.endsWith("[][]")) return null;
    const values: unknown[] = [];
    for (const value of given) {
      const chosen = value === undefined ? column.defaultFn?.() : value;
      if (is(chosen, SQL)) return null;
      values.push(chosen === null || chosen === undefined ? null : column.mapToDriverValue(chosen));
    }
    planned.push({ name, arrayType, values });
  }
  return planned.length > 0 ? planned : null;
}
