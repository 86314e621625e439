import { rows, type Tx } from "@lk/db";
import { sql } from "drizzle-orm";
import { INVOICE_DIGEST_OVER } from "./announce";
import { uuidArray } from "./load";
import { countEnSql, countRuSql, pluralSql, rubEnSql, rubRuSql } from "./rub-sql";

/** Accounts a digest of negative balances names; the rest are counted ("и ещё 980"). */
const DIGEST_NAMES = 20;

/**
 * After charges: every account now below its limit (min_balance, 0 by default) without an open
 * notice gets one, e-mailed to the account's contact and to the company's document recipients.
 * suspendOverdue() suspends an advance account only once its notice is old enough.
 *
 * A document recipient hears of each account while the batch opens at most INVOICE_DIGEST_OVER
 * notices for the company, else gets one e-mail naming the lowest DIGEST_NAMES accounts and the
 * total debt (ADR 0067). A contact who is also a document recipient gets no second copy.
 *
 * One statement for the whole batch (notice rows and their e-mails by INSERT … SELECT): the run
 * used to spend a few round trips per account here. Returns how many notices were opened.
 */
export async function noticeNegativeBalances(tx: Tx, accountIds: string[], now: Date): Promise<number> {
  if (accountIds.length === 0) return 0;
  const at = sql`${now.toISOString()}::timestamptz`;
  const balanceRu = rubRuSql(sql`t.balance`);
  const balanceEn = rubEnSql(sql`t.balance`);
  const n = sql`d.n`;
  const [r] = await rows<{ n: number }>(
    tx,
    sql`WITH low AS (
          SELECT a.id, a.company_id, a.number, a.balance, a.contact_email,
                 count(*) OVER (PARTITION BY a.company_id) AS n,
                 row_number() OVER (PARTITION BY a.company_id ORDER BY a.balance, a.number) AS rank
            FROM accounts a
           WHERE a.id = ANY(${uuidArray(accountIds)}) AND a.balance < LEAST(0, a.min_balance)
             AND NOT EXISTS (SELECT 1 FROM balance_notices n WHERE n.account_id = a.id AND n.resolved_at IS NULL)),
        opened AS (
          INSERT INTO balance_notices (company_id, account_id, balance, sent_at)
          SELECT company_id, id, balance, ${at} FROM low
          RETURNING account_id),
        digest AS (
          SELECT company_id, count(*)::int AS n, sum(balance) AS total,
                 string_agg(number || ' (' || ${rubRuSql(sql`balance`)} || ' ₽)', ', ' ORDER BY rank)
                   FILTER (WHERE rank <= ${DIGEST_NAMES}::int) AS names
            FROM low WHERE n > ${INVOICE_DIGEST_OVER}::int
           GROUP BY company_id),
        mailed AS (
          INSERT INTO outbox_messages (channel, recipient, subject, body, kind, company_id, created_at)
          SELECT 'email', t.recipient, 'Отрицательный баланс лицевого счёта ' || t.number,
                 'Баланс лицевого счёта ' || t.number || ': ' || ${balanceRu} || ' ₽. Пополните счёт, иначе услуги будут приостановлены.' || E'\n\n' ||
                 'The balance of account ' || t.number || ' is ' || ${balanceEn} || ' ₽. Top it up, or its services will be suspended.',
                 'balance_negative', t.company_id, ${at}
            FROM (SELECT l.company_id, l.number, l.balance, r.email AS recipient
                    FROM low l JOIN document_recipients r ON r.company_id = l.company_id
                   WHERE l.n <= ${INVOICE_DIGEST_OVER}::int
                  UNION ALL
                  SELECT l.company_id, l.number, l.balance, l.contact_email
                    FROM low l
                   WHERE l.contact_email IS NOT NULL
                     AND NOT EXISTS (SELECT 1 FROM document_recipients r
                                      WHERE r.company_id = l.company_id AND r.email = l.contact_email)) t
          UNION ALL
          SELECT 'email', r.email,
                 'Отрицательный баланс на ' || ${countRuSql(n)} || ' ' || ${pluralSql(n, ["лицевом счёте", "лицевых счетах", "лицевых счетах"])} ||
                   ' / Negative balance on ' || ${countEnSql(n)} || ' accounts',
                 'Баланс ниже нуля на ' || ${countRuSql(n)} || ' ' || ${pluralSql(n, ["лицевом счёте", "лицевых счетах", "лицевых счетах"])} ||
                   ', всего ' || ${rubRuSql(sql`d.total`)} || ' ₽: ' || d.names ||
                   CASE WHEN d.n > ${DIGEST_NAMES}::int THEN ' и ещё ' || ${countRuSql(sql`d.n - ${DIGEST_NAMES}::int`)} ELSE '' END ||
                   E'. Пополните счета, иначе услуги будут приостановлены.\n\n' ||
                 'The balance is below zero on ' || ${countEnSql(n)} || ' accounts, ' || ${rubEnSql(sql`d.total`)} || ' ₽ in all. Top them up, or their services will be suspended.',
                 'balance_negative', d.company_id, ${at}
            FROM digest d JOIN document_recipients r ON r.company_id = d.company_id
          RETURNING 1)
        SELECT (SELECT count(*) FROM opened)::int AS n, (SELECT count(*) FROM mailed)::int AS mails`,
  );
  return Number(r?.n ?? 0);
}
