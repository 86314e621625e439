import { type Queryable, rows } from "@lk/db";
import { sql } from "drizzle-orm";

export interface RateLimitResult {
  allowed: boolean;
  /** The weighted count of the sliding window, this hit included. */
  count: number;
  retryAfterSec: number;
  /** The bucket this hit was counted in (for refundRateLimit). */
  windowStart: Date;
}

/**
 * Counts `cost` hits on `key` and says whether the sliding window of `windowSec` stays within
 * `limit`. The window is the "sliding window counter" of Cloudflare's and nginx-style limiters:
 * per-window buckets, the previous bucket weighted by how much of it still lies inside the window
 * ending now — so a limit never resets all at once at a boundary, and a burst straddling one is
 * counted. Check and increment are one statement (INSERT … ON CONFLICT … RETURNING), so parallel
 * requests each see the count that includes every other one (ADR 0085). Refused hits are counted
 * too: a caller hammering a closed limit keeps it closed. Kept in the database so every API
 * instance shares the counters.
 */
export async function hitRateLimit(
  db: Queryable,
  key: string,
  limit: number,
  windowSec: number,
  now: Date,
  cost = 1,
): Promise<RateLimitResult> {
  const windowMs = windowSec * 1000;
  const start = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const prevStart = new Date(start.getTime() - windowMs);
  const [row] = await rows<{ count: number; prev: number }>(
    db,
    sql`WITH cur AS (
          INSERT INTO rate_limits (key, window_start, count) VALUES (${key}, ${start.toISOString()}::timestamptz, ${cost})
          ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limits.count + EXCLUDED.count
          RETURNING count)
        SELECT cur.count,
          COALESCE((SELECT p.count FROM rate_limits p WHERE p.key = ${key}
                    AND p.window_start = ${prevStart.toISOString()}::timestamptz), 0) AS prev
        FROM cur`,
  );
  const cur = Number(row?.count ?? cost);
  const prev = Number(row?.prev ?? 0);
  const elapsed = (now.getTime() - start.getTime()) / windowMs; // 0 ≤ elapsed < 1
  const count = prev * (1 - elapsed) + cur;
  const allowed = count <= limit;
  return {
    allowed,
    count,
    retryAfterSec: allowed ? 0 : retryAfter(prev, cur, limit, elapsed, windowSec),
    windowStart: start,
  };
}

/**
 * Seconds until the weighted count falls to the limit again: the previous bucket fades linearly
 * through this window; past it only this bucket (fading through the next) counts.
 */
function retryAfter(prev: number, cur: number, limit: number, elapsed: number, windowSec: number): number {
  const need = prev * (1 - elapsed) + cur - limit; // how much has to fade away
  if (prev > 0 && need <= prev * (1 - elapsed)) {
    return Math.max(1, Math.ceil((need / prev) * windowSec));
  }
  // The previous bucket is gone at the boundary; then this one fades through the next window.
  const atBoundary = (1 - elapsed) * windowSec;
  const rest = cur - limit;
  return Math.max(1, Math.ceil(atBoundary + (cur > 0 ? (rest / cur) * windowSec : 0)));
}

/**
 * Gives back `cost` hits taken by hitRateLimit in `windowStart` — a caller that reserved the
 * worst case (a public lookup reserves a miss's weight) returns what it did not use. A cost of 0
 * still runs the statement, so callers that must take the same time either way can rely on it.
 */
export async function refundRateLimit(
  db: Queryable,
  key: string,
  windowStart: Date,
  cost: number,
): Promise<void> {
  await db.execute(
    sql`UPDATE rate_limits SET count = GREATEST(0, count - ${cost})
        WHERE key = ${key} AND window_start = ${windowStart.toISOString()}::timestamptz`,
  );
}

/** Drops windows that ended before `before` (run by the housekeeping job). */
export async function pruneRateLimits(db: Queryable, before: Date): Promise<void> {
  await db.execute(sql`DELETE FROM rate_limits WHERE window_start < ${before.toISOString()}`);
}
