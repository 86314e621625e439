import { type SQL, sql } from "drizzle-orm";

/**
 * Kopecks as roubles with a decimal comma ("-1220,00"), in SQL: the same text as
 * `(k / 100).toFixed(2).replace(".", ",")`, for messages built by INSERT … SELECT.
 */
export const rubSql = (kopecks: SQL) =>
  sql`replace(((${kopecks})::numeric / 100)::numeric(20, 2)::text, '.', ',')`;

/** An ISO date (YYYY-MM-DD) whatever the session's DateStyle. */
export const isoDateSql = (date: SQL) => sql`to_char(${date}, 'YYYY-MM-DD')`;

// to_char's "," and "." are a literal group separator and decimal point (G and D would follow
// the server's lc_numeric), so these read the same on every server.
const EN_MONEY = "FM999,999,999,999,999,990.00";
const EN_COUNT = "FM999,999,999,999,990";

/** Kopecks as "1,234,567.89" (English, digits grouped), a negative one with "−" as rub() writes it. */
export const rubEnSql = (kopecks: SQL) =>
  sql`replace(to_char((${kopecks})::numeric / 100, ${EN_MONEY}::text), '-', ${"\u2212"}::text)`;

/** Kopecks as "1 234 567,89" (Russian: digits grouped by a no-break space, decimal comma). */
export const rubRuSql = (kopecks: SQL) => sql`translate(${rubEnSql(kopecks)}, ',.', ${"\u00a0,"}::text)`;

/** A whole number as "1,000" (English). */
export const countEnSql = (n: SQL) => sql`to_char(${n}, ${EN_COUNT}::text)`;

/** A whole number as "1 000" (Russian, no-break space). */
export const countRuSql = (n: SQL) => sql`translate(${countEnSql(n)}, ',', ${"\u00a0"}::text)`;

/**
 * The Russian form for a count, as `plural()` in documents/pdf/words.ts picks it:
 * pluralSql(n, ["счёт", "счёта", "счетов"]) is "счёт" for 21, "счёта" for 22, "счетов" for 11.
 */
export const pluralSql = (n: SQL, forms: readonly [string, string, string]) =>
  sql`(CASE WHEN (${n}) % 100 BETWEEN 11 AND 14 THEN ${forms[2]}::text
            WHEN (${n}) % 10 = 1 THEN ${forms[0]}::text
            WHEN (${n}) % 10 BETWEEN 2 AND 4 THEN ${forms[1]}::text
            ELSE ${forms[2]}::text END)`;
