import { ledgerEntries, type Queryable } from "@lk/db";
import { and, eq, gte, lt, sql } from "drizzle-orm";

/** Promised payments last this long. */
export const PROMISED_DAYS = 5;
/** Months of charges the limit is averaged over. */
export const LIMIT_MONTHS = 3;

export const monthOf = (d: Date) => d.toISOString().slice(0, 7);
export const monthStart = (d: Date, back = 0) =>
  new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - back, 1));

/**
 * The most one promised payment may be: the average of the account's monthly charges over the last
 * three whole calendar months, rounded down to whole roubles (no history, no promise).
 */
export async function promisedLimit(db: Queryable, accountId: string, now: Date): Promise<number> {
  const [row] = await db
    .select({ charged: sql<string>`COALESCE(-SUM(${ledgerEntries.amount}), 0)` })
    .from(ledgerEntries)
    .where(
      and(
        eq(ledgerEntries.accountId, accountId),
        eq(ledgerEntries.kind, "charge"),
        gte(ledgerEntries.effectiveAt, monthStart(now, LIMIT_MONTHS)),
        lt(ledgerEntries.effectiveAt, monthStart(now)),
      ),
    );
  const avg = Math.max(0, Number(row?.charged ?? 0)) / LIMIT_MONTHS;
  return Math.floor(avg / 100) * 100;
}
