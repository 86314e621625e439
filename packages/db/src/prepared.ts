import type postgres from "postgres";

/**
 * Statements longer than this, or with more parameters, run unprepared. postgres.js caches a
 * prepared statement per connection by its text, and an IN list or multi-row VALUES makes a new
 * text for every length: the caps bound the variants per call site (to PREPARE_MAX_PARAMS) so the
 * caches cannot grow without bound, while the hot statements qualify (a payment's insert has 35).
 */
export const PREPARE_MAX_CHARS = 4000;
export const PREPARE_MAX_PARAMS = 64;

type Unsafe = postgres.Sql["unsafe"];

/** Where `preparingClient` keeps the pool for long streams (see `rawClientOf`). */
export const STREAM_CLIENT = Symbol("lk.streamClient");

/**
 * drizzle-orm's postgres.js driver calls `sql.unsafe(text, params)` with `prepare: false` (or
 * nothing, which postgres.js treats as false), ignoring the client's own `prepare: true`
 * (drizzle-orm#6096). An unprepared query with parameters costs postgres.js two round trips
 * (Parse/Describe, then Bind/Execute) and PostgreSQL a parse and plan every time. This view of the
 * client prepares every statement within the caps above instead (one round trip once cached), in
 * transactions and savepoints too. See docs/adr/0024-prepared-statements.md.
 */
export function preparingClient<T extends postgres.Sql | postgres.TransactionSql>(
  sql: T,
  streams?: postgres.Sql,
): T {
  const unsafe: Unsafe = (text, params, options) =>
    sql.unsafe(text, params, {
      ...options,
      prepare: text.length <= PREPARE_MAX_CHARS && (params?.length ?? 0) <= PREPARE_MAX_PARAMS,
    });
  return new Proxy(sql, {
    get(target, prop, receiver) {
      if (prop === "unsafe") return unsafe;
      if (prop === STREAM_CLIENT) return streams;
      if (prop === "begin" || prop === "savepoint") {
        // begin([options,] fn) / savepoint([name,] fn): hand the callback a preparing client too.
        return (...args: unknown[]) => {
          const fn = args.pop() as (tx: postgres.TransactionSql) => unknown;
          const open = Reflect.get(target, prop, receiver) as (...a: unknown[]) => unknown;
          return open(...args, (tx: postgres.TransactionSql) => fn(preparingClient(tx)));
        };
      }
      return Reflect.get(target, prop, receiver);
    },
  });
}
