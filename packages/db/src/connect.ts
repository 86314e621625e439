import { mkdirSync } from "node:fs";
import type { PGlite } from "@electric-sql/pglite";
import type { Logger } from "drizzle-orm/logger";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import type { ExtractTablesWithRelations } from "drizzle-orm/relations";
import postgres from "postgres";
import { preparingClient } from "./prepared";
import * as schema from "./schema/index";
import { traceDatabase } from "./traced";

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything queries can run on: the database or an open transaction. */
export type Queryable = Database | Tx;

export type RawClient = { kind: "pglite"; pglite: PGlite } | { kind: "postgres"; sql: postgres.Sql };

export interface Connection {
  db: Database;
  raw: RawClient;
  kind: RawClient["kind"];
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** postgres:// URL; when absent the embedded PGlite is used. */
  url?: string | undefined;
  /** PGlite's data folder; ignored when `memory` or `url` is set. Default `./.data`. */
  dataDir?: string | undefined;
  /** PGlite in memory (tests). */
  memory?: boolean;
  /** PGlite: start from a dump made by `dumpDataDir()` (tests clone a migrated template this way). */
  loadDataDir?: Blob;
  /** postgres.js pool size. */
  max?: number;
  /** Size of the separate pool for COPY and cursors (default 4). */
  streamMax?: number;
}

export async function connect(options: ConnectOptions = {}): Promise<Connection> {
  if (options.url) return connectPostgres(options.url, options.max ?? 10, options.streamMax ?? STREAM_POOL);
  return connectPglite(options);
}

// COPY and cursors (exports, imports) hold a connection for as long as they stream, which can be
// minutes; they get a pool of their own so that a few exports cannot starve a small query pool.
// postgres.js opens connections on first use, so a process that never streams opens none here.
const STREAM_POOL = 4;

function connectPostgres(url: string, max: number, streamMax: number): Connection {
  return postgresConnection(postgresClient(url, { max }), {
    streams: postgresClient(url, { max: streamMax, applicationName: "lk-business-streams" }),
  });
}

/** The postgres.js pool every server process uses (benchmarks too, under their own name). */
export function postgresClient(url: string, opts: { max: number; applicationName?: string }): postgres.Sql {
  return postgres(url, {
    max: opts.max,
    onnotice: () => {},
    connection: {
      application_name: opts.applicationName ?? "lk-business",
      TimeZone: "UTC",
      // Statements are prepared (ADR 0024) under the server's plan_cache_mode (default `auto`):
      // after five runs PostgreSQL keeps a generic plan when it costs no more than the custom ones,
      // which spares re-planning — the larger part of the calls page's time in PostgreSQL.
    },
  });
}

/**
 * A Connection over a postgres.js client (benchmarks pass their own client and a query logger).
 * `streams`, when given, is the pool for COPY and cursors (`rawClientOf`); else they share `sql`.
 */
export function postgresConnection(
  sql: postgres.Sql,
  opts: { logger?: Logger; streams?: postgres.Sql } = {},
): Connection {
  const { streams, ...drizzleOpts } = opts;
  const db = traceDatabase(
    drizzlePostgres(preparingClient(sql, streams), { schema, ...drizzleOpts }) as unknown as Database,
    "postgresql",
  );
  const close = async () => {
    await Promise.all([sql.end({ timeout: 5 }), streams?.end({ timeout: 5 })]);
  };
  return { db, raw: { kind: "postgres", sql }, kind: "postgres", close };
}

async function connectPglite(options: ConnectOptions): Promise<Connection> {
  // Loaded only when used: PGlite and its drizzle driver add ~40 MB to a server on PostgreSQL.
  const [{ PGlite }, { drizzle: drizzlePglite }] = await Promise.all([
    import("@electric-sql/pglite"),
    import("drizzle-orm/pglite"),
  ]);
  let dataDir: string | undefined;
  if (!options.memory && !options.loadDataDir) {
    dataDir = options.dataDir ?? "./.data";
    mkdirSync(dataDir, { recursive: true });
  }
  const pglite = new PGlite({
    ...(dataDir ? { dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    // The embedded database favours speed: a crash may lose the last commits, never corrupt.
    relaxedDurability: Boolean(options.memory || options.loadDataDir),
  });
  await pglite.waitReady;
  await pglite.exec("SET TIME ZONE 'UTC'");
  const db = traceDatabase(drizzlePglite(pglite, { schema }) as unknown as Database, "postgresql");
  return { db, raw: { kind: "pglite", pglite }, kind: "pglite", close: () => pglite.close() };
}
