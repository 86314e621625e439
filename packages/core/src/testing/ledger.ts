import { accounts, type Queryable, rows } from "@lk/db";
import { eq, sql } from "drizzle-orm";
import { postLedger } from "../ledger/post";

// Ledger checks and moves for tests: what a test asserts about money, written once.

/** How many accounts (of one company, or all) have a balance other than the sum of their entries. */
export async function accountsOffLedger(db: Queryable, companyId?: string): Promise<number> {
  const [r] = await rows<{ n: number }>(
    db,
    sql`SELECT count(*)::int AS n FROM accounts a
      WHERE ${companyId ? sql`a.company_id = ${companyId}::uuid AND` : sql``}
        a.balance <> (SELECT COALESCE(SUM(amount), 0) FROM ledger_entries e WHERE e.account_id = a.id)`,
  );
  return r!.n;
}

/** An account's cached balance, in kopecks. */
export async function balanceOf(db: Queryable, accountId: string): Promise<number> {
  const [r] = await db.select({ b: accounts.balance }).from(accounts).where(eq(accounts.id, accountId));
  return r!.b;
}

/**
 * Moves an account's balance to `target` through the ledger: a charge when it goes down, a
 * `creditKind` entry (default an adjustment) when it goes up.
 */
export async function setBalance(
  db: Queryable,
  accountId: string,
  target: number,
  now: Date,
  creditKind: "adjustment" | "payment" = "adjustment",
): Promise<void> {
  const delta = target - (await balanceOf(db, accountId));
  if (delta === 0) return;
  const up = creditKind === "payment" ? "Оплата" : "Корректировка";
  await db.transaction((tx) =>
    postLedger(
      tx,
      [
        {
          accountId,
          kind: delta < 0 ? "charge" : creditKind,
          amount: delta,
          description: delta < 0 ? "Абонентская плата" : up,
        },
      ],
      { now },
    ),
  );
}

/**
 * Charges an account on the 28th of each whole month before `now`'s: `amounts[0]` (kopecks, > 0)
 * the month before, `amounts[1]` the one before that, and so on — a charge history for the rules
 * that look at past months (the promised payment's limit).
 */
export function chargeMonthsBefore(db: Queryable, accountId: string, amounts: number[], now: Date) {
  return db.transaction((tx) =>
    postLedger(
      tx,
      amounts.map((amount, m) => ({
        accountId,
        kind: "charge" as const,
        amount: -amount,
        description: "Абонентская плата",
        effectiveAt: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - m - 1, 28)),
      })),
      { now },
    ),
  );
}
