import { type Queryable, rows } from "@lk/db";
import { sql } from "drizzle-orm";

export interface RateLimitResult {
  allowed: boolean;
  count: number;
  retryAfterSec: number;
}

/**
 * Counts one hit on `key` in a fixed window and says whether it is within `limit`. Kept in the
 * database (not in memory) so every API instance behind a load balancer shares the counters.
 */
export async function hitRateLimit(
  db: Queryable,
  key: string,
  limit: number,
  windowSec: number,
  now: Date,
): Promise<RateLimitResult> {
  const windowMs = windowSec * 1000;
  const start = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const [row] = await rows<{ count: number }>(
    db,
    sql`INSERT INTO rate_limits (key, window_start, count) VALUES (${key}, ${start.toISOString()}, 1)
        ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limits.count + 1
        RETURNING count`,
  );
  const count = Number(row?.count ?? 1);
  const retryAfterSec = Math.max(1, Math.ceil((start.getTime() + windowMs - now.getTime()) / 1000));
  return { allowed: count <= limit, count, retryAfterSec };
}

/** Drops windows that ended before `before` (run by the housekeeping job). */
export async function pruneRateLimits(db: Queryable, before: Date): Promise<void> {
  await db.execute(sql`DELETE FROM rate_limits WHERE window_start < ${before.toISOString()}`);
}
