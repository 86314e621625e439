/**
 * Backups that restore (issue #20): a seeded database dumped and restored into a new one holds every
 * row of every table unchanged — balances, invoices, documents, the ledger — and the API serves it.
 * PostgreSQL: pg_dump -Fc → pg_restore (docs/operations.md, "Backup and restore").
 * PGlite: the documented stop → copy the data folder → start procedure.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { seedDemo } from "@lk/core";
import { accountsOffLedger } from "@lk/core/testing";
import { type Connection, connect, migrate } from "@lk/db";
import { createTestDatabaseUrl } from "@lk/db/testing";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { describe, expect, it } from "vitest";

/** One checksum per table of the product's schema, over every row in a fixed order. */
async function tableChecksums(conn: Connection): Promise<Record<string, string>> {
  const rowsOf = async <T>(q: ReturnType<typeof sql>) => {
    const r = await conn.db.execute(q);
    return (Array.isArray(r) ? r : (r as { rows: unknown[] }).rows) as T[];
  };
  const tables = await rowsOf<{ name: string }>(
    sql`SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY 1`,
  );
  const out: Record<string, string> = {};
  for (const { name } of tables) {
    const [row] = await rowsOf<{ sum: string | null; n: number }>(
      sql.raw(
        `SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS sum, count(*)::int AS n FROM "${name}" t`,
      ),
    );
    out[name] = `${row!.n}:${row!.sum}`;
  }
  return out;
}

async function seeded(conn: Connection) {
  await seedDemo(conn, { scryptN: 1024, now: new Date("2026-11-15T09:00:00Z") });
  const sums = await tableChecksums(conn);
  // The seed made something worth restoring.
  for (const table of ["companies", "users", "accounts", "invoices", "ledger_entries", "calls"])
    expect(Number(sums[table]!.split(":")[0]), table).toBeGreaterThan(0);
  return sums;
}

describe.skipIf(!process.env.DATABASE_URL)("PostgreSQL: pg_dump and pg_restore", () => {
  it("restores every table identically into a new database", async () => {
    const source = (await createTestDatabaseUrl())!;
    const target = (await createTestDatabaseUrl())!;
    // The target starts empty: drop what the template gave it.
    const admin = postgres(target, { max: 1, onnotice: () => {} });
    await admin.unsafe("DROP SCHEMA public CASCADE; CREATE SCHEMA public");
    await admin.end();
    const conn = await connect({ url: source, max: 2 });
    const dir = mkdtempSync(join(tmpdir(), "lk-backup-"));
    try {
      const before = await seeded(conn);
      const file = join(dir, "lk.dump");
      execFileSync("pg_dump", ["--format=custom", "--no-owner", `--file=${file}`, source]);
      execFileSync("pg_restore", ["--no-owner", "--exit-on-error", `--dbname=${target}`, file]);
      const restored = await connect({ url: target, max: 2 });
      try {
        expect(await tableChecksums(restored)).toEqual(before);
        expect(await accountsOffLedger(restored.db)).toBe(0);
        // Migrations know they were applied: a restored database starts without re-running any.
        expect((await migrate(restored)).applied).toEqual([]);
      } finally {
        await restored.close();
      }
    } finally {
      await conn.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});

describe.skipIf(Boolean(process.env.DATABASE_URL))("PGlite: stop, copy the data folder, start", () => {
  it("starts from the copy with every table identical", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lk-pglite-backup-"));
    try {
      const live = join(dir, "data");
      // The data folder starts from the migrated template the test run made (migrating anew is slow).
      const template = new PGlite({
        dataDir: live,
        loadDataDir: new Blob([readFileSync(process.env.LK_TEST_PGLITE_DUMP!)]),
      });
      await template.close();
      const conn = await connect({ dataDir: live });
      const before = await seeded(conn);
      await conn.close(); // stop
      cpSync(live, join(dir, "copy"), { recursive: true }); // copy
      const restored = await connect({ dataDir: join(dir, "copy") }); // start
      try {
        expect(await tableChecksums(restored)).toEqual(before);
        expect(await accountsOffLedger(restored.db)).toBe(0);
      } finally {
        await restored.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
