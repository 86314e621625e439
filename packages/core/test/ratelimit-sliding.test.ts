import type { Connection } from "@lk/db";
import { createTestDatabase } from "@lk/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hitRateLimit, refundRateLimit } from "../src/ratelimit/ratelimit";

let conn: Connection;
beforeAll(async () => {
  conn = await createTestDatabase();
});
afterAll(() => conn.close());

describe("hitRateLimit (sliding window counter)", () => {
  it("60 parallel hits on a 50-per-minute key (the per-key limits' shape) let exactly 50 through", async () => {
    const now = new Date("2026-12-07T10:00:30Z");
    const rs = await Promise.all(
      Array.from({ length: 60 }, () => hitRateLimit(conn.db, "t:par", 50, 60, now)),
    );
    expect(rs.filter((r) => r.allowed).length).toBe(50);
  });

  it("does not reset at the window boundary: the previous window still weighs in", async () => {
    const key = "t:slide";
    const t0 = new Date("2026-12-07T10:09:00Z"); // last minute of a 10-minute window
    for (let i = 0; i < 10; i++) expect((await hitRateLimit(conn.db, key, 10, 600, t0)).allowed).toBe(true);
    expect((await hitRateLimit(conn.db, key, 10, 600, t0)).allowed).toBe(false);
    // One minute later, a fixed window would have reset; the sliding one still counts ~10 of 11.
    const t1 = new Date("2026-12-07T10:10:00Z");
    const r = await hitRateLimit(conn.db, key, 10, 600, t1);
    expect(r.allowed).toBe(false);
    expect(r.retryAfterSec).toBeGreaterThan(0);
    expect(r.retryAfterSec).toBeLessThanOrEqual(600);
    // Well into the next window the old hits have faded.
    const t2 = new Date("2026-12-07T10:18:00Z");
    expect((await hitRateLimit(conn.db, key, 10, 600, t2)).allowed).toBe(true);
  });

  it("charges a cost and gives back what was not used", async () => {
    const now = new Date("2026-12-07T11:00:00Z");
    const a = await hitRateLimit(conn.db, "t:cost", 9, 600, now, 3);
    expect(a.count).toBe(3);
    await refundRateLimit(conn.db, "t:cost", a.windowStart, 2);
    const b = await hitRateLimit(conn.db, "t:cost", 9, 600, now, 3);
    expect(b.count).toBe(4);
  });
});
