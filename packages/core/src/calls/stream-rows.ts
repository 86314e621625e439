import { type Database, rawClientOf, rows } from "@lk/db";
import type { SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";

const dialect = new PgDialect();

/** started_at as ISO text and id: the keyset position of a row. */
export interface KeyedRow {
  k_t: string;
  k_i: number | string;
}

export type Keyset = { t: string; i: number };

/**
 * Reads a large ordered result in batches without holding it in memory: a server-side cursor on
 * PostgreSQL, keyset pages on PGlite (one connection: a cursor would pin it for the whole export).
 * `build(after, limit)` must order by (started_at, id) and select `k_t`/`k_i`.
 */
export async function* streamRows<T extends KeyedRow>(
  db: Database,
  build: (after: Keyset | undefined, limit: number | undefined) => SQL,
  batch = 5000,
): AsyncGenerator<T[]> {
  const raw = rawClientOf(db);
  if (raw.kind === "postgres") {
    const q = dialect.sqlToQuery(build(undefined, undefined));
    for await (const chunk of raw.sql.unsafe(q.sql, q.params as never[]).cursor(batch)) {
      yield chunk as unknown as T[];
    }
    return;
  }
  let after: Keyset | undefined;
  for (;;) {
    const page = await rows<T>(db, build(after, batch));
    if (page.length > 0) yield page;
    if (page.length < batch) return;
    const last = page[page.length - 1]!;
    after = { t: last.k_t, i: Number(last.k_i) };
  }
}
