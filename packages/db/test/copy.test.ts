import { createTestDatabase, createTestDatabaseUrl } from "@lk/db/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Connection, connect, copyOut, copyTransaction, rawClientOf, rows } from "../src/index";

// A COPY the server rejects must fail like any query: on PostgreSQL, postgres.js 3.4.9 left the
// writable pending forever (porsager/postgres#1173) — the transaction never ended and its
// connection leaked. patches/postgres@3.4.9.patch settles it with the server's error.
let conn: Connection;
beforeAll(async () => {
  conn = await createTestDatabase();
});
afterAll(() => conn.close());

describe("COPY FROM STDIN errors", () => {
  it("reject with the server's code, can be rolled back to a savepoint, and leave the connection usable", async () => {
    const raw = rawClientOf(conn.db);
    const after = await copyTransaction(raw, async (s) => {
      await s.query("CREATE TEMP TABLE copy_probe (a int PRIMARY KEY) ON COMMIT DROP");
      await s.copyIn("COPY copy_probe FROM STDIN", "1\n2\n");
      for (const [data, code] of [
        ["3\n3\n", "23505"],
        ["x\n", "22P02"],
      ] as const) {
        await s.query("SAVEPOINT probe");
        await expect(s.copyIn("COPY copy_probe FROM STDIN", data)).rejects.toMatchObject({ code });
        await s.query("ROLLBACK TO SAVEPOINT probe");
      }
      return s.query<{ n: number }>("SELECT count(*)::int AS n FROM copy_probe");
    });
    expect(Number(after[0]!.n)).toBe(2);
  });

  it("roll the whole transaction back when not caught, and the next one runs", async () => {
    const raw = rawClientOf(conn.db);
    await expect(
      copyTransaction(raw, async (s) => {
        await s.query("CREATE TABLE copy_probe_2 (a int PRIMARY KEY)");
        await s.copyIn("COPY copy_probe_2 FROM STDIN", "7\n7\n");
      }),
    ).rejects.toMatchObject({ code: "23505" });
    const found = await copyTransaction(raw, (s) =>
      s.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_class WHERE relname = 'copy_probe_2'"),
    );
    expect(Number(found[0]!.n)).toBe(0);
  });
});

describe.skipIf(!process.env.DATABASE_URL)("streams on PostgreSQL", () => {
  it("run on a pool of their own: an export in progress holds none of the query pool's connections", async () => {
    const url = await createTestDatabaseUrl();
    const small = await connect({ url: url!, max: 1 });
    try {
      const stream = copyOut(
        rawClientOf(small.db),
        "COPY (SELECT g FROM generate_series(1, 300000) g) TO STDOUT",
      );
      const first = await stream.next(); // the export has started and is paused mid-stream
      expect(first.done).toBe(false);
      const answer = await Promise.race([
        rows<{ one: number }>(small.db, sql`SELECT 1 AS one`).then((r) => r[0]!.one),
        new Promise((resolve) => setTimeout(() => resolve("waited behind the export"), 5000)),
      ]);
      expect(answer).toBe(1);
      let bytes = first.value!.byteLength;
      for await (const chunk of stream) bytes += chunk.byteLength;
      expect(bytes).toBe(1_988_895); // every row arrived: the digits of 1…300000 and their line ends
    } finally {
      await small.close();
    }
  });
});
