import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { connect, migrate } from "@lk/db";
import postgres from "postgres";

/** Migrates one template database per run; test files clone it (see @lk/db/testing). */
export default async function setup() {
  const url = process.env.DATABASE_URL;
  const runId = `lk_test_${process.pid}`;
  if (url) {
    const admin = new URL(url);
    admin.pathname = "/postgres";
    const sql = postgres(admin.toString(), { max: 1, onnotice: () => {} });
    const template = `${runId}_tpl`;
    await sql.unsafe(`DROP DATABASE IF EXISTS "${template}"`);
    await sql.unsafe(`CREATE DATABASE "${template}"`);
    const tplUrl = new URL(url);
    tplUrl.pathname = `/${template}`;
    const conn = await connect({ url: tplUrl.toString(), max: 1 });
    await migrate(conn);
    await conn.close();
    process.env.LK_TEST_TEMPLATE_URL = tplUrl.toString();
    return async () => {
      const dbs = await sql<
        { datname: string }[]
      >`SELECT datname FROM pg_database WHERE datname LIKE ${`${runId}%`}`;
      for (const { datname } of dbs) await sql.unsafe(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      await sql.end();
    };
  }
  const conn = await connect({ memory: true });
  await migrate(conn);
  if (conn.raw.kind !== "pglite") throw new Error("expected PGlite");
  const dump = await conn.raw.pglite.dumpDataDir("none");
  await conn.close();
  const dir = join(process.cwd(), ".tmp");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${runId}.tar`);
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  process.env.LK_TEST_PGLITE_DUMP = file;
  return () => rmSync(file, { force: true });
}
