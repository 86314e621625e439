import { type SQL, sql } from "drizzle-orm";

/**
 * Kopecks as roubles with a decimal comma ("-1220,00"), in SQL: the same text as
 * `(k / 100).toFixed(2).replace(".", ",")`, for messages built by INSERT … SELECT.
 */
export const rubSql = (kopecks: SQL) =>
  sql`replace(((${kopecks})::numeric / 100)::numeric(20, 2)::text, '.', ',')`;

/** An ISO date (YYYY-MM-DD) whatever the session's DateStyle. */
export const isoDateSql = (date: SQL) => sql`to_char(${date}, 'YYYY-MM-DD')`;
