import { postgresClient, postgresConnection } from "@lk/db";

/**
 * The same postgres.js client and connection as connect() in packages/db, counting the SQL
 * statements it sends: drizzle's logger for each query, plus BEGIN and COMMIT (or ROLLBACK) of
 * each transaction. `statements()` is the running count.
 */
export function countingConnection(url: string, opts: { max: number; applicationName: string }) {
  const sql = postgresClient(url, opts);
  let statements = 0;
  const begin = sql.begin.bind(sql) as (fn: (tx: unknown) => unknown) => Promise<unknown>;
  (sql as unknown as { begin: typeof begin }).begin = (fn) => {
    statements += 2; // BEGIN, and COMMIT or ROLLBACK
    return begin(fn);
  };
  const conn = postgresConnection(sql, {
    logger: {
      logQuery: () => {
        statements++;
      },
    },
  });
  return { conn, statements: () => statements };
}
