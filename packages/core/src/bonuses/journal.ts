import { bonusBalances, bonusEntries, type Tx } from "@lk/db";
import { and, eq } from "drizzle-orm";
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
  await tx
    .insert(bonusBalances)
    .values({ companyId: e.companyId, balance: 0, updatedAt: e.now })
    .onConflictDoNothing();
  const [row] = await tx
    .select({ balance: bonusBalances.balance })
    .from(bonusBalances)
    .where(eq(bonusBalances.companyId, e.companyId))
    .for("update");
  const balance = row?.balance ?? 0;
  const after = balance + e.amount;
  if (after < 0) throw insufficientBonus(balance);
  if (e.paymentId) {
    const [dup] = await tx
      .select({ id: bonusEntries.id })
      .from(bonusEntries)
      .where(and(eq(bonusEntries.paymentId, e.paymentId), eq(bonusEntries.kind, e.kind)))
      .limit(1);
    if (dup) return false;
  }
  await tx.insert(bonusEntries).values({
    companyId: e.companyId,
    kind: e.kind,
    amount: e.amount,
    balanceAfter: after,
    paymentId: e.paymentId ?? null,
    description: e.description,
    createdAt: e.now,
  });
  await tx
    .update(bonusBalances)
    .set({ balance: after, updatedAt: e.now })
    .where(eq(bonusBalances.companyId, e.companyId));
  return true;
}
