import { accounts } from "@lk/db";
import { and, asc, gt, inArray, ne, sql } from "drizzle-orm";
import { type Ctx, requireOperator } from "../context/index";
import { emitEvent } from "../webhooks/index";
import { DEFAULT_LOW_BALANCE_THRESHOLD } from "./kinds";
import { notify } from "./notify";

const POOL_COMPANY = "00000000-0000-0000-0000-000000000001";

/**
 * The low-balance job: accounts within DEFAULT_LOW_BALANCE_THRESHOLD of their minimum get one
 * notice per account per day (the dedupe key carries the date, so re-runs and parallel instances
 * notify once), plus a `balance.low` webhook event.
 */
export async function sendLowBalanceNotices({ ctx }: { ctx: Ctx }) {
  requireOperator(ctx);
  const now = ctx.now();
  const day = now.toISOString().slice(0, 10);
  let sent = 0;
  let cursor = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const low = await ctx.db
      .select({
        id: accounts.id,
        companyId: accounts.companyId,
        number: accounts.number,
        balance: accounts.balance,
      })
      .from(accounts)
      .where(
        and(
          gt(accounts.id, cursor),
          inArray(accounts.status, ["active", "suspended"]),
          ne(accounts.companyId, POOL_COMPANY),
          sql`${accounts.balance} < ${accounts.minBalance} + ${DEFAULT_LOW_BALANCE_THRESHOLD}`,
        ),
      )
      .orderBy(asc(accounts.id))
      .limit(200);
    if (low.length === 0) break;
    cursor = low[low.length - 1]!.id;
    for (const a of low) {
      await ctx.db.transaction(async (tx) => {
        const n = await notify(tx, {
          companyId: a.companyId,
          kind: "low_balance",
          accountId: a.id,
          title: { ru: "Низкий баланс", en: "Low balance" },
          body: {
            ru: `На лицевом счёте ${a.number} осталось ${a.balance / 100} ₽. Пополните счёт или возьмите обещанный платёж.`,
            en: `Account ${a.number} has ${a.balance / 100} ₽ left. Top up or take a promised payment.`,
          },
          data: { account_id: a.id, balance: a.balance },
          dedupeKey: `low_balance:${a.id}:${day}`,
          now,
        });
        if (n > 0) {
          sent++;
          await emitEvent(tx, {
            companyId: a.companyId,
            type: "balance.low",
            data: { account_id: a.id, account_number: a.number, balance: a.balance },
            now,
          });
        }
      });
    }
  }
  return { sent };
}
