import { rows } from "@lk/db";
import { createTestDatabase } from "@lk/db/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rubEnSql, rubRuSql } from "../src/billing/rub-sql";
import { money } from "../src/documents/pdf/words";
import { rub } from "../src/money/format";

// The one money formatter of receipts, SMS and notices, and its SQL twins for messages built by
// INSERT … SELECT: they must write the same text.

const NBSP = "\u00a0";

describe("rub(): money as receipts and notices write it", () => {
  it("groups digits and always shows kopecks, in Russian and English", () => {
    expect(rub(250_50)).toBe("250,50 ₽");
    expect(rub(250_50, "en")).toBe("250.50 ₽");
    expect(rub(1250_50, "ru")).toBe(`1${NBSP}250,50 ₽`);
    expect(rub(1250_50, "en")).toBe("1,250.50 ₽");
    expect(rub(1_234_567_89, "ru")).toBe(`1${NBSP}234${NBSP}567,89 ₽`);
    expect(rub(1_234_567_89, "en")).toBe("1,234,567.89 ₽");
    expect(rub(0, "ru")).toBe("0,00 ₽");
    expect(rub(5, "en")).toBe("0.05 ₽");
    expect(rub(100_000_00, "ru")).toBe(`100${NBSP}000,00 ₽`);
    expect(rub(-1220_05, "ru")).toBe(`\u22121${NBSP}220,05 ₽`);
    expect(rub(-1220_05, "en")).toBe("\u22121,220.05 ₽");
    // The PDFs' figures share the grouping, with plain spaces.
    expect(money(1_234_567_89)).toBe("1 234 567,89");
    expect(money(-5)).toBe("\u22120,05");
  });
});

describe("rub() and rubRuSql / rubEnSql agree", () => {
  let conn: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    conn = await createTestDatabase();
  });
  afterAll(() => conn.close());

  it("on a spread of amounts, negative ones included", async () => {
    const amounts = [0, 1, 9, 10, 99, 100, 999_99, 1000_00, 1250_50, 99_999_99, 100_000_00, 123_456_789_01];
    const all = [...amounts, ...amounts.filter((a) => a > 0).map((a) => -a)];
    const got = await rows<{ k: string; ru: string; en: string }>(
      conn.db,
      sql`SELECT k::text AS k, ${rubRuSql(sql`k`)} AS ru, ${rubEnSql(sql`k`)} AS en
            FROM unnest(${`{${all.join(",")}}`}::bigint[]) AS k`,
    );
    expect(got).toHaveLength(all.length);
    for (const r of got) {
      const k = Number(r.k);
      expect(`${r.ru} ₽`, String(k)).toBe(rub(k, "ru"));
      expect(`${r.en} ₽`, String(k)).toBe(rub(k, "en"));
    }
  });
});
