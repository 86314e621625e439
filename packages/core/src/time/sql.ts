import { type SQL, sql } from "drizzle-orm";
import { MONTHS_EN, MONTHS_RU, MONTHS_RU_GEN } from "./format";

// SQL twins of time/format.ts for messages built by INSERT … SELECT (invoice notices, billing
// e-mails); the zone is always a bind parameter (`AT TIME ZONE $n`), never spliced into the text.

const arr = (xs: readonly string[]) => sql.raw(`ARRAY[${xs.map((x) => `'${x}'`).join(",")}]::text[]`);

/** A date column → «20 октября 2026». */
export const dateRuSql = (d: SQL) =>
  sql`(extract(day from ${d})::int || ' ' || (${arr(MONTHS_RU_GEN)})[extract(month from ${d})::int] || ' ' || extract(year from ${d})::int)`;

/** A date column → "20 October 2026". */
export const dateEnSql = (d: SQL) =>
  sql`(extract(day from ${d})::int || ' ' || (${arr(MONTHS_EN)})[extract(month from ${d})::int] || ' ' || extract(year from ${d})::int)`;

/** A period text column "2026-11" → «ноябрь 2026». */
export const periodRuSql = (p: SQL) =>
  sql`((${arr(MONTHS_RU)})[substr(${p}, 6, 2)::int] || ' ' || substr(${p}, 1, 4))`;

/** A period text column "2026-11" → "November 2026". */
export const periodEnSql = (p: SQL) =>
  sql`((${arr(MONTHS_EN)})[substr(${p}, 6, 2)::int] || ' ' || substr(${p}, 1, 4))`;

/** A timestamptz as the local wall-clock timestamp in `tz` (bound). */
export const localSql = (ts: SQL, tz: string) => sql`(${ts} AT TIME ZONE ${tz}::text)`;

/** A timestamptz as the local civil date in `tz`. */
export const localDateSql = (ts: SQL, tz: string) => sql`(${ts} AT TIME ZONE ${tz}::text)::date`;

/**
 * A timestamptz as local ISO 8601 with its offset, "2026-12-01T00:30:00+03:00" (`sep` between date
 * and time). The offset is computed per row, so a zone with daylight saving reads right.
 */
export function localIsoSql(ts: SQL, tz: string, sep = "T"): SQL {
  const off = sql`extract(epoch from ((${ts}) AT TIME ZONE ${tz}::text) - ((${ts}) AT TIME ZONE 'UTC'))::int`;
  return sql`(to_char((${ts}) AT TIME ZONE ${tz}::text, ${`YYYY-MM-DD"${sep}"HH24:MI:SS`}::text) ||
    CASE WHEN ${off} < 0 THEN '-' ELSE '+' END ||
    lpad((abs(${off}) / 3600)::text, 2, '0') || ':' || lpad((abs(${off}) % 3600 / 60)::text, 2, '0'))`;
}
