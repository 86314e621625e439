import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { connect } from "../src/connect";
import { copyOut } from "../src/copy";
import { createTestDatabase, createTestDatabaseUrl } from "../src/testing";

// Exports stream COPY … TO STDOUT. postgres.js 3.4.9 left the connection hanging when a COPY's last
// messages arrived while its stream was full (porsager/postgres#499): every export took one of the
// stream pool's connections for good, and after LK_DB_STREAM_POOL of them exports waited forever
// (found by `pnpm bench soak`). Patched in patches/postgres@3.4.9.patch.
const COPY = "COPY (SELECT g, repeat('x', 40) FROM generate_series(1, 30000) g) TO STDOUT";

describe("COPY TO STDOUT", () => {
  it("ten large exports in a row through one connection each finish, and the connection answers after", async () => {
    const url = await createTestDatabaseUrl();
    const conn = url ? await connect({ url, max: 1 }) : await createTestDatabase();
    try {
      const raw = conn.raw;
      for (let i = 0; i < 10; i++) {
        let bytes = 0;
        for await (const chunk of copyOut(raw, COPY)) bytes += chunk.byteLength;
        expect(bytes, `export ${i + 1}`).toBeGreaterThan(30000 * 40);
      }
      await expect(conn.db.execute(sql`SELECT 1 AS one`)).resolves.toBeTruthy();
    } finally {
      await conn.close();
    }
  }, 60_000);
});
