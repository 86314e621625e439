import { accounts, ledgerEntries } from "@lk/db";
import { and, asc, gt, inArray, ne, sql } from "drizzle-orm";
import { type Ctx, requireOperator } from "../context/index";
import { rub } from "../money/format";
import { emitEvent } from "../webhooks/index";
import { DEFAULT_LOW_BALANCE_THRESHOLD } from "./kinds";
import { notify } from "./notify";

const POOL_COMPANY = "00000000-0000-0000-0000-000000000001";

/**
 * The low-balance job: accounts within DEFAULT_LOW_BALANCE_THRESHOLD of their minimum get one
 * notice per low episode (from the balance falling below the threshold until it is back at or
 * above it), plus a `balance.low` webhook event. The dedupe key carries the episode: the last
 * ledger entry that left the balance at or above the threshold (0: never), which does not change
 * while the account stays low, so re-runs, later days and parallel instances notify once.
 */
export async function sendLowBalanceNotices({ ctx }: { ctx: Ctx }) {
  requireOperator(ctx);
  const now = ctx.now();
  let sent = 0;
  let cursor = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const low = await ctx.db
      .select({
        id: accounts.id,
        companyId: accounts.companyId,
        number: accounts.number,
        balance: accounts.balance,
        minBalance: accounts.minBalance,
        // Walks the account's entries back (ledger_entries_account_idx) over this episode only.
        // Qualified by hand: drizzle leaves a single-table select's columns unqualified.
        since: sql<number | string | null>`(SELECT max(e.id) FROM ${ledgerEntries} e
          WHERE e.account_id = accounts.id
            AND e.balance_after >= accounts.min_balance + ${DEFAULT_LOW_BALANCE_THRESHOLD})`,
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
            ru: `На лицевом счёте ${a.number} осталось ${rub(a.balance, "ru")}. Пополните счёт или возьмите обещанный платёж.`,
            en: `Account ${a.number} has ${rub(a.balance, "en")} left. Top up or take a promised payment.`,
          },
          data: { account_id: a.id, balance: a.balance },
          dedupeKey: `low_balance:${a.id}:${a.since ?? 0}`,
          now,
        });
        if (n > 0) {
          sent++;
          await emitEvent(tx, {
            companyId: a.companyId,
            type: "balance.low",
            data: {
              account_id: a.id,
              account_number: a.number,
              balance: a.balance,
              threshold: Number(a.minBalance) + DEFAULT_LOW_BALANCE_THRESHOLD,
              currency: "RUB",
            },
            now,
          });
        }
      });
    }
  }
  return { sent };
}
