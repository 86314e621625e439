import { type Attributes, inSpan, SpanKind, tracingOn } from "@lk/tracing";
import type { Database } from "./connect";

/**
 * Spans for the database (docs/operations.md, "Traces"), one per statement group: a transaction is
 * one span (`db.transaction`, its statements inside it are not spanned one by one), and a statement
 * run outside a transaction is a span of its own named by its operation and table (`SELECT
 * payments`). No SQL text and no values go into attributes: parameters can be personal data.
 * Patched onto the drizzle instance, the same for postgres.js and PGlite; with tracing off each
 * call costs one boolean check.
 */
export function traceDatabase(db: Database, system: "postgresql"): Database {
  const base: Attributes = { "db.system.name": system };
  const transaction = db.transaction.bind(db);
  db.transaction = ((fn, config) =>
    tracingOn()
      ? inSpan("db.transaction", base, () => transaction(fn, config), SpanKind.CLIENT)
      : transaction(fn, config)) as Database["transaction"];

  // drizzle runs every statement of the database object (not of a transaction, which gets a
  // session of its own) through `session.prepareQuery(query).execute()`.
  const session = (db as unknown as { session: Session }).session;
  const prepare = session.prepareQuery.bind(session);
  session.prepareQuery = (query, ...rest) => {
    const prepared = prepare(query, ...rest);
    const execute = prepared.execute.bind(prepared);
    prepared.execute = (...args) => {
      if (!tracingOn()) return execute(...args);
      const { name, attributes } = describe(query.sql);
      return inSpan(name, { ...base, ...attributes }, () => execute(...args), SpanKind.CLIENT);
    };
    return prepared;
  };
  return db;
}

interface Session {
  prepareQuery(query: { sql: string }, ...rest: unknown[]): { execute(...args: unknown[]): Promise<unknown> };
}

const OPERATION = /^\s*(select|insert|update|delete|with|copy)\b/i;
// The first table after FROM / INTO / UPDATE (quoted by drizzle, bare in hand-written SQL).
const TARGET = /\b(?:from|into|update)\s+"?([a-z_][\w$]*)"?/i;

/** `SELECT payments` from the statement's shape: the operation and the first table, never values. */
export function describe(sql: string): { name: string; attributes: Attributes } {
  const op = OPERATION.exec(sql)?.[1]?.toUpperCase() ?? "QUERY";
  const table = TARGET.exec(sql)?.[1];
  return {
    name: table ? `${op} ${table}` : op,
    attributes: { "db.operation.name": op, ...(table ? { "db.collection.name": table } : {}) },
  };
}
