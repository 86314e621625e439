import { createTestDatabase } from "@lk/db/testing";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Connection, companies, PREPARE_MAX_CHARS, PREPARE_MAX_PARAMS, rows } from "../src/index";

// On PostgreSQL, queries through drizzle run as named prepared statements (one round trip each
// once cached) — drizzle's postgres.js driver alone would send every one unprepared (ADR 0024).
let conn: Connection;
beforeAll(async () => {
  conn = await createTestDatabase();
});
afterAll(() => conn.close());

const preparedLike = (tx: Connection["db"], pattern: string) =>
  rows<{ n: number }>(
    tx,
    sql`SELECT count(*)::int AS n FROM pg_prepared_statements WHERE statement LIKE ${pattern} AND statement NOT LIKE '%pg_prepared_statements%'`,
  );

describe.skipIf(!process.env.DATABASE_URL)("prepared statements on PostgreSQL", () => {
  it("prepares a query builder's statement once and reuses it, in a transaction too", async () => {
    await conn.db.transaction(async (tx) => {
      for (let i = 0; i < 3; i++) {
        await tx
          .select({ id: companies.id })
          .from(companies)
          .where(eq(companies.inn, `77${i}0000000`));
      }
      const [found] = await preparedLike(tx as never, '%from "companies" where "companies"."inn" = $1%');
      expect(found!.n).toBe(1);
    });
  });

  it("prepares raw sql`` with parameters, and leaves statements over the size or parameter cap unprepared", async () => {
    await conn.db.transaction(async (tx) => {
      await tx.execute(sql`SELECT ${1}::int AS short_one`);
      const padding = `/* ${"x".repeat(PREPARE_MAX_CHARS)} */`;
      await tx.execute(sql`SELECT ${2}::int AS long_one ${sql.raw(padding)}`);
      // An IN list over the parameter cap: each length would be a new cached statement.
      const many = Array.from({ length: PREPARE_MAX_PARAMS + 1 }, (_, i) => sql`${i}::int`);
      await tx.execute(sql`SELECT 1 AS many_params WHERE 1 IN (${sql.join(many, sql`, `)})`);
      const [short] = await preparedLike(tx as never, "%short_one%");
      const [long] = await preparedLike(tx as never, "%long_one%");
      const [wide] = await preparedLike(tx as never, "%many_params%");
      expect(short!.n).toBe(1);
      expect(long!.n).toBe(0);
      expect(wide!.n).toBe(0);
    });
  });
});
