import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import postgres from "postgres";
import { type Connection, connect } from "./connect";

/**
 * A database of its own for one test file: a copy of the migrated template that the vitest global
 * setup made (PGlite: a data-dir dump; PostgreSQL: CREATE DATABASE … TEMPLATE).
 */
export async function createTestDatabase(): Promise<Connection> {
  const url = await createTestDatabaseUrl();
  if (url) return connect({ url, max: 10 });
  const dump = process.env.LK_TEST_PGLITE_DUMP;
  if (!dump) throw new Error("no test template: run tests through vitest (see vitest.config.ts)");
  const blob = new Blob([await readFile(dump)]);
  return connect({ loadDataDir: blob });
}

/**
 * On PostgreSQL: a new database copied from the migrated template, as a URL (for tests that start
 * the server in another process). Null on PGlite, whose database lives inside one process.
 */
export async function createTestDatabaseUrl(): Promise<string | null> {
  const templateUrl = process.env.LK_TEST_TEMPLATE_URL;
  if (!templateUrl) return null;
  const url = new URL(templateUrl);
  const template = url.pathname.slice(1);
  const name = `${template.replace(/_tpl$/, "")}_${randomBytes(4).toString("hex")}`;
  url.pathname = "/postgres";
  const admin = postgres(url.toString(), { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  await admin.end();
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * The same database on the streaming replica named by LK_TEST_REPLICA_URL (e.g.
 * `postgres://postgres@127.0.0.1:5433`; scripts/pg-replica.sh makes one), or null without it. The
 * read-replica runs of the suites read through it what they wrote on the primary.
 */
export function testReplicaUrl(primaryUrl: string): string | null {
  const replica = process.env.LK_TEST_REPLICA_URL;
  if (!replica) return null;
  const url = new URL(primaryUrl);
  const r = new URL(replica);
  url.host = r.host;
  if (r.username) url.username = r.username;
  return url.toString();
}
