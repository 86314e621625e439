import { rows, type Tx } from "@lk/db";
import { sql } from "drizzle-orm";
import { audit } from "../audit/audit";
import type { Ctx } from "../context/index";
import { rub } from "../money/format";
import { notify } from "../notifications/notify";
import { localDate } from "../time/index";
import { emitEvent } from "../webhooks/emit";

/** What brought the money that settles the debt (or, for a promised payment, the promise itself). */
export interface ResumeCause {
  kind: "payment" | "transfer" | "promised_payment";
  id: string;
}

interface Candidate {
  id: string;
  company_id: string;
  number: string;
  balance: string | number;
  min_balance: string | number;
}

/**
 * Resumes the suspended accounts among `accountIds` whose debt is settled, in the caller's
 * transaction (after the ledger lines that credited them): balance at or above the account's
 * `min_balance` and no invoice overdue past `billing.graceDays` once the invoices are settled
 * against the new balance (an account no longer in debt has its open invoices `paid`, the rule of
 * `markOverdueInvoices`). Returns the resumed account ids.
 *
 * Only the account's own suspension is lifted: an account is suspended only for debt (the billing
 * job or an unpaid promised payment), while a customer's voluntary block is an order of kind
 * `suspend` on a *service*; such services keep their block (their open history interval carries
 * the order id), every other suspended service of the account comes back. ADR 0062.
 *
 * One indexed query when nothing is suspended — the common case on the payment path.
 */
export async function resumeSettledAccounts(
  tx: Tx,
  ctx: Ctx,
  accountIds: string[],
  cause: ResumeCause,
): Promise<string[]> {
  if (accountIds.length === 0) return [];
  const ids = sql.join(
    [...new Set(accountIds)].map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  const candidates = await rows<Candidate>(
    tx,
    sql`SELECT id, company_id, number, balance, min_balance FROM accounts
         WHERE id IN (${ids}) AND status = 'suspended' AND balance >= min_balance`,
  );
  if (candidates.length === 0) return [];
  const now = ctx.now();
  const today = localDate(now, ctx.config.timeZone);
  const settled = candidates.filter((c) => Number(c.balance) >= 0).map((c) => sql`${c.id}::uuid`);
  if (settled.length > 0)
    await rows(
      tx,
      sql`UPDATE invoices SET status = 'paid', paid_at = ${now.toISOString()}::timestamptz
           WHERE account_id IN (${sql.join(settled, sql`, `)}) AND status IN ('issued', 'overdue')`,
    );
  const blocked = new Set(
    (
      await rows<{ account_id: string }>(
        tx,
        sql`SELECT DISTINCT account_id FROM invoices
             WHERE account_id IN (${sql.join(
               candidates.map((c) => sql`${c.id}::uuid`),
               sql`, `,
             )})
               AND status = 'overdue' AND due_on + ${ctx.config.billing.graceDays}::int < ${today}::date`,
      )
    ).map((r) => r.account_id),
  );
  const resumable = candidates.filter((c) => !blocked.has(c.id));
  for (const a of resumable) await resumeAccount(tx, ctx, a, cause, now);
  return resumable.map((a) => a.id);
}

/**
 * Lifts an account's suspension and brings back its services that the suspension stopped, with
 * the audit row, the `account_resumed` notice and the `account.resumed` webhook. No-op if the
 * account is not suspended. The caller has checked the conditions (or, for a promised payment,
 * the promise is the condition).
 */
export async function resumeAccount(
  tx: Tx,
  ctx: Ctx,
  account: { id: string },
  cause: ResumeCause,
  now: Date = ctx.now(),
): Promise<boolean> {
  const at = now.toISOString();
  const [acc] = await rows<Candidate>(
    tx,
    sql`UPDATE accounts SET status = 'active' WHERE id = ${account.id}::uuid AND status = 'suspended'
        RETURNING id, company_id, number, balance, min_balance`,
  );
  if (!acc) return false;
  // Services suspended with the account (open 'suspended' interval without an order): close that
  // interval, open an active one, so monthly fees accrue again from now.
  const services = await rows<{ id: string; company_id: string; tariff_id: string }>(
    tx,
    sql`UPDATE services s SET status = 'active'
         WHERE s.account_id = ${acc.id}::uuid AND s.status = 'suspended'
           AND NOT EXISTS (SELECT 1 FROM service_tariff_history h
                            WHERE h.service_id = s.id AND h.valid_to IS NULL
                              AND (h.status <> 'suspended' OR h.order_id IS NOT NULL))
        RETURNING s.id, s.company_id, s.tariff_id`,
  );
  if (services.length > 0) {
    const ids = sql.join(
      services.map((s) => sql`${s.id}::uuid`),
      sql`, `,
    );
    // Two statements: the open-interval unique index is checked row by row.
    await rows(
      tx,
      sql`UPDATE service_tariff_history SET valid_to = ${at}::timestamptz
           WHERE service_id IN (${ids}) AND valid_to IS NULL`,
    );
    await rows(
      tx,
      sql`INSERT INTO service_tariff_history (company_id, service_id, tariff_id, status, valid_from, created_at)
          SELECT s.company_id, s.id, s.tariff_id, 'active', ${at}::timestamptz, ${at}::timestamptz
            FROM services s WHERE s.id IN (${ids})`,
    );
  }
  const balance = Number(acc.balance);
  await audit(tx, ctx, {
    action: "account.resumed",
    companyId: acc.company_id,
    entityType: "account",
    entityId: acc.id,
    data: { cause: cause.kind, [`${cause.kind}_id`]: cause.id, balance, services: services.length },
  });
  await notify(tx, {
    companyId: acc.company_id,
    kind: "account_resumed",
    accountId: acc.id,
    title: { ru: "Обслуживание возобновлено", en: "Service resumed" },
    body: {
      ru: `Лицевой счёт ${acc.number} снова обслуживается: баланс ${rub(balance, "ru")}`,
      en: `Account ${acc.number} is in service again: balance ${rub(balance, "en")}`,
    },
    data: { account_id: acc.id, cause: cause.kind, cause_id: cause.id },
    dedupeKey: `account_resumed:${acc.id}:${cause.id}`,
    now,
  });
  await emitEvent(tx, {
    companyId: acc.company_id,
    type: "account.resumed",
    data: {
      account_id: acc.id,
      account_number: acc.number,
      reason: cause.kind,
      balance,
      currency: "RUB",
      resumed_services: services.length,
    },
    now,
  });
  return true;
}
