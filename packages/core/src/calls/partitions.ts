import type { Queryable } from "@lk/db";
import { sql } from "drizzle-orm";

/** Months (UTC) as `YYYY-MM` between two instants, inclusive. */
export function monthsBetween(from: Date, to: Date): string[] {
  const out: string[] = [];
  let y = from.getUTCFullYear();
  let m = from.getUTCMonth();
  while (y < to.getUTCFullYear() || (y === to.getUTCFullYear() && m <= to.getUTCMonth())) {
    out.push(`${y}-${String(m + 1).padStart(2, "0")}`);
    m++;
    if (m === 12) {
      m = 0;
      y++;
    }
  }
  return out;
}

/**
 * Makes sure the monthly partitions of `calls` exist for [from, to]. Loaders call it before
 * inserting; `known` remembers months already checked in this load so it costs one query per month.
 */
export async function ensureCallPartitions(
  db: Queryable,
  from: Date,
  to: Date,
  known: Set<string> = new Set(),
): Promise<void> {
  const missing = monthsBetween(from, to).filter((m) => !known.has(m));
  if (missing.length === 0) return;
  await db.execute(
    sql`SELECT calls_ensure_partitions(${from.toISOString()}::timestamptz, ${to.toISOString()}::timestamptz)`,
  );
  for (const m of missing) known.add(m);
}
