import { type Connection, invoices } from "@lk/db";
import { createTestDatabase } from "@lk/db/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { seedDemo } from "../src/demo/index";

let conn: Connection;
beforeAll(async () => {
  conn = await createTestDatabase();
});
afterAll(() => conn.close());

it("the demo company gets three months of invoices, two of them paid", async () => {
  const demo = await seedDemo(conn, { scryptN: 1024, now: new Date("2026-11-25T10:00:00Z") });
  const r = await conn.db.select().from(invoices).where(eq(invoices.companyId, demo.companyId));
  expect(new Set(r.map((i) => i.period))).toEqual(new Set(["2026-08", "2026-09", "2026-10"]));
  expect(r.filter((i) => i.period !== "2026-10").every((i) => i.status === "paid")).toBe(true);
});
