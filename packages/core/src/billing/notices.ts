import { accounts, balanceNotices, type Tx } from "@lk/db";
import { and, inArray, isNull } from "drizzle-orm";
import { recipientsOf } from "../documents/recipients-lookup";
import { enqueueMessage } from "../outbox/outbox";

const rub = (k: number) => (k / 100).toFixed(2).replace(".", ",");

/**
 * After charges: every account now below its limit (min_balance, 0 by default) without an open
 * notice gets one, e-mailed to the company's document recipients and the account's contact.
 * suspendOverdue() suspends an advance account only once its notice is old enough.
 */
export async function noticeNegativeBalances(tx: Tx, accountIds: string[], now: Date): Promise<number> {
  if (accountIds.length === 0) return 0;
  const accs = await tx
    .select({
      id: accounts.id,
      companyId: accounts.companyId,
      number: accounts.number,
      balance: accounts.balance,
      minBalance: accounts.minBalance,
      contactEmail: accounts.contactEmail,
    })
    .from(accounts)
    .where(inArray(accounts.id, accountIds));
  const low = accs.filter((a) => a.balance < Math.min(0, a.minBalance));
  if (low.length === 0) return 0;
  const open = await tx
    .select({ accountId: balanceNotices.accountId })
    .from(balanceNotices)
    .where(
      and(
        inArray(
          balanceNotices.accountId,
          low.map((a) => a.id),
        ),
        isNull(balanceNotices.resolvedAt),
      ),
    );
  const already = new Set(open.map((o) => o.accountId));
  const fresh = low.filter((a) => !already.has(a.id));
  if (fresh.length === 0) return 0;
  await tx
    .insert(balanceNotices)
    .values(fresh.map((a) => ({ companyId: a.companyId, accountId: a.id, balance: a.balance, sentAt: now })));
  const recipients = await recipientsOf(
    tx,
    fresh.map((a) => a.companyId),
  );
  for (const a of fresh) {
    const to = new Set([...(recipients.get(a.companyId) ?? []), ...(a.contactEmail ? [a.contactEmail] : [])]);
    for (const recipient of to) {
      await enqueueMessage(
        tx,
        {
          channel: "email",
          recipient,
          subject: `Отрицательный баланс лицевого счёта ${a.number}`,
          body:
            `Баланс лицевого счёта ${a.number}: ${rub(a.balance)} руб. Пополните счёт, иначе услуги будут приостановлены.\n\n` +
            `The balance of account ${a.number} is ${rub(a.balance)} RUB. Top it up, or its services will be suspended.`,
          kind: "balance_negative",
          companyId: a.companyId,
        },
        now,
      );
    }
  }
  return fresh.length;
}
