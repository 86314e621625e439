import { ledgerEntries, type Queryable } from "@lk/db";
import { and, eq, gte, lt, sql } from "drizzle-orm";
import { localMonth, startOfLocalMonth } from "../time/index";

/** Promised payments last this long. */
export const PROMISED_DAYS = 5;
/** Months of charges the limit is averaged over. */
export const LIMIT_MONTHS = 3;

/** The month a promised payment counts against: the operator's local month (ADR 0080). */
export const monthOf = (d: Date, tz: string) => localMonth(d, tz);

/**
 * The most one promised payment may be: the average of the account's monthly charges over the last
 * three whole calendar months (local months of the operator's zone), rounded down to whole roubles (no history, no promise).
 */
export async function promisedLimit(
  db: Queryable,
  accountId: string,
  now: Date,
  tz: string,
): Promise<number> {
  const [row] = await db
    .select({ charged: sql<string>`COALESCE(-SUM(${ledgerEntries.amount}), 0)` })
    .from(ledgerEntries)
    .where(
      and(
        eq(ledgerEntries.accountId, accountId),
        eq(ledgerEntries.kind, "charge"),
        gte(ledgerEntries.effectiveAt, startOfLocalMonth(now, tz, LIMIT_MONTHS)),
        lt(ledgerEntries.effectiveAt, startOfLocalMonth(now, tz)),
      ),
    );
  const avg = Math.max(0, Number(row?.charged ?? 0)) / LIMIT_MONTHS;
  return Math.floor(avg / 100) * 100;
}
