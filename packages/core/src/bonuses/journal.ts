import { bonusBalances, bonusEntries, rows, type Tx } from "@lk/db";
import { and, eq, sql } from "drizzle-orm";
import { AppError } from "../errors/index";

export type BonusKind = "accrual" | "spend" | "release" | "adjustment";

export const insufficientBonus = (available: number) =>
  new AppError(409, "insufficient_bonus", {
    ru: `Недостаточно бонусов: доступно ${available / 100} ₽`,
    en: `Not enough bonuses: ${available / 100} ₽ available`,
  });

/**
 * Moves the company's bonus balance by `amount` (negative spends) with a journal line, in the
 * caller's transaction. The balance row is locked, so concurrent spends cannot overdraw it;
 * (payment_id, kind) is unique, so a payment accrues, spends or releases at most once — a repeat
 * returns false and changes nothing.
 *
 * The balance row is one per company, so every payment of the company passes through its lock:
 * the lock is taken by the one statement that also writes the journal line (the balance moves and
 * the line is appended in a single round trip), and callers post bonuses last in their
 * transaction, so the row stays locked only for that statement and the commit. The repeat check
 * runs before the lock; callers hold the payment's row lock (or have just created the payment),
 * so no second post of the same (payment, kind) can slip in between.
 */
export async function postBonus(
  tx: Tx,
  e: {
    companyId: string;
    kind: BonusKind;
    amount: number;
    paymentId?: string;
    description: string;
    now: Date;
  },
): Promise<boolean> {
  if (e.amount === 0) return false;
  if (e.paymentId) {
    const [dup] = await tx
      .select({ id: bonusEntries.id })
      .from(bonusEntries)
      .where(and(eq(bonusEntries.paymentId, e.paymentId), eq(bonusEntries.kind, e.kind)))
      .limit(1);
    if (dup) return false;
  }
  for (let attempt = 0; attempt < 2; attempt++) {
    const moved = await rows<{ balance_after: string }>(
      tx,
      sql`WITH b AS (
            UPDATE bonus_balances SET balance = balance + ${e.amount}::bigint, updated_at = ${e.now.toISOString()}::timestamptz
            WHERE company_id = ${e.companyId} AND balance + ${e.amount}::bigint >= 0
            RETURNING balance
          )
          INSERT INTO bonus_entries (company_id, kind, amount, balance_after, payment_id, description, created_at)
          SELECT ${e.companyId}, ${e.kind}, ${e.amount}::bigint, b.balance, ${e.paymentId ?? null}::uuid, ${e.description}, ${e.now.toISOString()}::timestamptz
          FROM b
          RETURNING balance_after`,
    );
    if (moved.length > 0) return true;
    // Nothing moved: no balance row yet (create it and try again), or not enough bonuses.
    const [row] = await tx
      .select({ balance: bonusBalances.balance })
      .from(bonusBalances)
      .where(eq(bonusBalances.companyId, e.companyId));
    if (row) throw insufficientBonus(row.balance);
    if (e.amount < 0) throw insufficientBonus(0);
    await tx
      .insert(bonusBalances)
      .values({ companyId: e.companyId, balance: 0, updatedAt: e.now })
      .onConflictDoNothing();
  }
  throw new Error("bonuses: balance row missing");
}

/**
 * Accrues bonuses for a payment in the caller's transaction without locking the company's bonus
 * balance row now: the journal line is written with balance_after = 0 and the deferred trigger of
 * migration 0009 moves the balance and fills balance_after at COMMIT (ADR 0060). Every payment of
 * a company accrues to that one row, so holding it from here to the commit would make the
 * company's payments wait for each other. A repeat for the same payment returns false.
 */
export async function accrueBonus(
  tx: Tx,
  e: { companyId: string; amount: number; paymentId: string; description: string; now: Date },
): Promise<boolean> {
  if (!(e.amount > 0)) throw new Error(`bonuses: bad accrual ${e.amount}`);
  // A template, not the insert builder: it runs in every succeeded payment's batch. balance_after
  // is 0 here and settled at commit (migration 0009).
  const inserted = await rows<{ id: number }>(
    tx,
    sql`INSERT INTO bonus_entries (company_id, kind, amount, balance_after, payment_id, description, created_at)
      VALUES (${e.companyId}::uuid, 'accrual', ${e.amount}::bigint, 0, ${e.paymentId}::uuid, ${e.description},
        ${e.now.toISOString()}::timestamptz)
      ON CONFLICT DO NOTHING
      RETURNING id`,
  );
  return inserted.length > 0;
}
