import { finished } from "node:stream/promises";
import type { PGlite, Transaction } from "@electric-sql/pglite";
import type postgres from "postgres";
import type { Database, RawClient } from "./connect";
import { STREAM_CLIENT } from "./prepared";

// COPY on both drivers. postgres.js streams COPY FROM STDIN / TO STDOUT over the wire; PGlite runs
// in-process and exchanges whole blobs through its virtual `/dev/blob` device, so callers feed it
// bounded batches (see packages/core/src/calls/import).

/**
 * The driver under a drizzle database (drizzle keeps it as `$client`), for long streams: COPY and
 * cursors. On PostgreSQL that is the connection's pool for streams when it has one, so an export
 * holds none of the connections that requests' queries use.
 */
export function rawClientOf(db: Database): RawClient {
  const client = (db as unknown as { $client: unknown }).$client;
  if (typeof client === "function") {
    const streams = (client as { [STREAM_CLIENT]?: postgres.Sql })[STREAM_CLIENT];
    return { kind: "postgres", sql: streams ?? (client as postgres.Sql) };
  }
  return { kind: "pglite", pglite: client as PGlite };
}

/** One transaction on one connection that can COPY (temp tables live as long as it does). */
export interface CopySession {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** `COPY table (cols) FROM STDIN …` with the complete data of this batch. */
  copyIn(copySql: string, data: string | Uint8Array): Promise<void>;
}

const toBlob = (data: string | Uint8Array) => new Blob([data as BlobPart]);
const pgliteIn = (copySql: string) => copySql.replace(/\bFROM\s+STDIN\b/i, "FROM '/dev/blob'");
const pgliteOut = (copySql: string) => copySql.replace(/\bTO\s+STDOUT\b/i, "TO '/dev/blob'");

function pgliteSession(tx: Transaction): CopySession {
  return {
    query: async <T>(text: string, params: unknown[] = []) => (await tx.query<T>(text, params)).rows,
    copyIn: async (copySql, data) => {
      await tx.query(pgliteIn(copySql), [], { blob: toBlob(data) });
    },
  };
}

function postgresSession(tx: postgres.TransactionSql): CopySession {
  return {
    query: async <T>(text: string, params: unknown[] = []) =>
      (await tx.unsafe(text, params as postgres.ParameterOrJSON<never>[])) as unknown as T[],
    copyIn: async (copySql, data) => {
      const writable = await tx.unsafe(copySql).writable();
      writable.end(data);
      await finished(writable);
    },
  };
}

/**
 * Runs `fn` in one transaction that may COPY. On PGlite this holds the single connection for its
 * duration (PGlite's own transaction lock), so no other query slips into it.
 */
export async function copyTransaction<T>(raw: RawClient, fn: (s: CopySession) => Promise<T>): Promise<T> {
  if (raw.kind === "pglite") return raw.pglite.transaction((tx) => fn(pgliteSession(tx)));
  return (await raw.sql.begin((tx) => fn(postgresSession(tx)))) as T;
}

/** `COPY (…) TO STDOUT …` as chunks of bytes (streamed on PostgreSQL, one blob on PGlite). */
export async function* copyOut(raw: RawClient, copySql: string): AsyncGenerator<Uint8Array> {
  if (raw.kind === "pglite") {
    const res = await raw.pglite.query(pgliteOut(copySql));
    if (res.blob) yield new Uint8Array(await res.blob.arrayBuffer());
    return;
  }
  const readable = await raw.sql.unsafe(copySql).readable();
  for await (const chunk of readable) yield chunk as Uint8Array;
}
