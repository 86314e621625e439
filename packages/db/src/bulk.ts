import { type SQL, sql } from "drizzle-orm";
import type { Queryable } from "./connect";
import { rows } from "./rows";

/**
 * Many rows in one statement with one bind parameter: the rows travel as a JSON array and
 * `json_to_recordset` turns them back into typed columns. Building a multi-row drizzle insert
 * costs Node far more CPU than the database spends on it (every value becomes an SQL chunk and a
 * parameter); this costs one JSON.stringify. `columns` maps each column to its SQL type; the row
 * objects are keyed by column name. Works on PostgreSQL and PGlite.
 */
export async function insertRecordset<R = Record<string, unknown>>(
  db: Queryable,
  table: string,
  columns: Record<string, string>,
  data: Record<string, unknown>[],
  returning?: string,
  /** An ON CONFLICT clause, e.g. "ON CONFLICT (natural_key) DO NOTHING". */
  onConflict?: string,
): Promise<R[]> {
  if (data.length === 0) return [];
  const names = Object.keys(columns);
  const list = sql.raw(names.join(", "));
  const defs = sql.raw(names.map((n) => `${n} ${columns[n]}`).join(", "));
  const ret: SQL = returning ? sql` RETURNING ${sql.raw(returning)}` : sql``;
  return rows<R>(
    db,
    sql`INSERT INTO ${sql.raw(table)} (${list}) SELECT ${list} FROM json_to_recordset(${JSON.stringify(data)}::json) AS x(${defs})${sql.raw(onConflict ? ` ${onConflict}` : "")}${ret}`,
  );
}
