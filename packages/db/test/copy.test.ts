import { createTestDatabase } from "@lk/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Connection, copyTransaction, rawClientOf } from "../src/index";

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
