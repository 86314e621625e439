import { createTestDatabase } from "@lk/db/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Connection, rows } from "../src/index";

let conn: Connection;
beforeAll(async () => {
  conn = await createTestDatabase();
});
afterAll(() => conn.close());

describe("migrations", () => {
  it("creates every foundation table", async () => {
    const tables = await rows<{ table_name: string }>(
      conn.db,
      sql`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`,
    );
    const names = tables.map((t) => t.table_name);
    for (const t of [
      "companies",
      "applications",
      "users",
      "account_groups",
      "accounts",
      "user_groups",
      "refresh_tokens",
      "audit_log",
      "idempotency_keys",
      "outbox_messages",
      "ledger_entries",
    ]) {
      expect(names).toContain(t);
    }
  });
});
