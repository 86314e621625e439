import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Connection } from "./connect";

export const migrationsDir = join(dirname(fileURLToPath(import.meta.url)), "..", "migrations");

export interface MigrationResult {
  applied: string[];
  alreadyApplied: number;
}

/**
 * Applies migrations/NNNN_name.sql in name order, each in its own transaction, recording them in
 * lk_migrations. Both drivers run the same files (see docs/adr/0002-hand-written-sql-migrations.md).
 * On PostgreSQL an advisory lock lets several API instances start at once.
 */
export async function migrate(
  conn: Connection,
  log: (line: string) => void = () => {},
): Promise<MigrationResult> {
  const files = readdirSync(migrationsDir)
    .filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f))
    .sort();
  const run = async (exec: (sql: string) => Promise<unknown>, query: (sql: string) => Promise<string[]>) => {
    await exec(
      "CREATE TABLE IF NOT EXISTS lk_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
    );
    const done = new Set(await query("SELECT name FROM lk_migrations"));
    const applied: string[] = [];
    for (const file of files) {
      if (done.has(file)) continue;
      const text = readFileSync(join(migrationsDir, file), "utf8");
      await exec(`BEGIN;\n${text}\n;INSERT INTO lk_migrations (name) VALUES ('${file}');\nCOMMIT;`).catch(
        async (e) => {
          await exec("ROLLBACK").catch(() => {});
          throw new Error(`migration ${file} failed: ${(e as Error).message}`);
        },
      );
      applied.push(file);
      log(`applied ${file}`);
    }
    return { applied, alreadyApplied: done.size };
  };

  if (conn.raw.kind === "pglite") {
    const pg = conn.raw.pglite;
    return run(
      (s) => pg.exec(s),
      async (s) => (await pg.query<{ name: string }>(s)).rows.map((r) => r.name),
    );
  }
  const sql = conn.raw.sql;
  // One reserved connection for the whole run so the advisory lock and the DDL share a session.
  const reserved = await sql.reserve();
  try {
    await reserved.unsafe("SELECT pg_advisory_lock(8412031)");
    return await run(
      (s) => reserved.unsafe(s),
      async (s) => (await reserved.unsafe<{ name: string }[]>(s)).map((r) => r.name),
    );
  } finally {
    await reserved.unsafe("SELECT pg_advisory_unlock(8412031)").catch(() => {});
    reserved.release();
  }
}
