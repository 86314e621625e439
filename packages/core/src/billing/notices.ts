import { rows, type Tx } from "@lk/db";
import { sql } from "drizzle-orm";
import { uuidArray } from "./load";
import { rubSql } from "./rub-sql";

/**
 * After charges: every account now below its limit (min_balance, 0 by default) without an open
 * notice gets one, e-mailed to the company's document recipients and the account's contact.
 * suspendOverdue() suspends an advance account only once its notice is old enough.
 *
 * One statement for the whole batch (notice rows and their e-mails by INSERT … SELECT): the run
 * used to spend a few round trips per account here. Returns how many notices were opened.
 */
export async function noticeNegativeBalances(tx: Tx, accountIds: string[], now: Date): Promise<number> {
  if (accountIds.length === 0) return 0;
  const at = sql`${now.toISOString()}::timestamptz`;
  const balance = rubSql(sql`t.balance`);
  const [r] = await rows<{ n: number }>(
    tx,
    sql`WITH low AS (
          SELECT a.id, a.company_id, a.number, a.balance, a.contact_email
            FROM accounts a
           WHERE a.id = ANY(${uuidArray(accountIds)}) AND a.balance < LEAST(0, a.min_balance)
             AND NOT EXISTS (SELECT 1 FROM balance_notices n WHERE n.account_id = a.id AND n.resolved_at IS NULL)),
        opened AS (
          INSERT INTO balance_notices (company_id, account_id, balance, sent_at)
          SELECT company_id, id, balance, ${at} FROM low
          RETURNING account_id),
        mailed AS (
          INSERT INTO outbox_messages (channel, recipient, subject, body, kind, company_id, created_at)
          SELECT 'email', t.recipient, 'Отрицательный баланс лицевого счёта ' || t.number,
                 'Баланс лицевого счёта ' || t.number || ': ' || ${balance} || ' руб. Пополните счёт, иначе услуги будут приостановлены.' || E'\n\n' ||
                 'The balance of account ' || t.number || ' is ' || ${balance} || ' RUB. Top it up, or its services will be suspended.',
                 'balance_negative', t.company_id, ${at}
            FROM (SELECT l.company_id, l.number, l.balance, r.email AS recipient
                    FROM low l JOIN document_recipients r ON r.company_id = l.company_id
                  UNION
                  SELECT l.company_id, l.number, l.balance, l.contact_email
                    FROM low l WHERE l.contact_email IS NOT NULL) t
          RETURNING 1)
        SELECT (SELECT count(*) FROM opened)::int AS n, (SELECT count(*) FROM mailed)::int AS mails`,
  );
  return Number(r?.n ?? 0);
}
