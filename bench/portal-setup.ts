import { seedCalls } from "@lk/core";
import type { Connection } from "@lk/db";
import { sql } from "drizzle-orm";

// What the portal bench company carries besides its 2 001 accounts: a year of history, so the
// screens read tables of the size a real customer's have (issue 17: "2 000 accounts and a year of
// calls").

/**
 * Twelve monthly charges and four payments a year per account, straight into the ledger in one
 * statement (balance_after a running sum, the cached balance set to the sum: the ledger's
 * invariant holds). ~32 k entries for 2 001 accounts.
 */
export async function seedLedgerYear(conn: Connection, companyId: string, now = new Date()) {
  await conn.db.execute(sql`
    WITH moves AS (
      SELECT a.company_id, a.id AS account_id, m,
        CASE WHEN m % 6 = 5 THEN 'payment' ELSE 'charge' END AS kind,
        CASE WHEN m % 6 = 5 THEN 3000000 ELSE -(30000 + abs(hashtext(a.id::text || m::text)) % 470000) END AS amount,
        date_trunc('month', ${now.toISOString()}::timestamptz) - make_interval(months => 11 - m / 2) + interval '27 days' AS at
      FROM accounts a, generate_series(0, 23) m
      WHERE a.company_id = ${companyId}::uuid AND (m % 2 = 0 OR m % 6 = 5)
    )
    INSERT INTO ledger_entries (company_id, account_id, operation_id, kind, amount, balance_after, description, effective_at, created_at)
    SELECT company_id, account_id, gen_random_uuid(), kind, amount,
      sum(amount) OVER (PARTITION BY account_id ORDER BY at, m),
      CASE kind WHEN 'payment' THEN 'Оплата' ELSE 'Абонентская плата' END, at, at
    FROM moves ORDER BY at, account_id`);
  await conn.db.execute(sql`
    UPDATE accounts a SET balance = s.total
    FROM (SELECT account_id, sum(amount) AS total FROM ledger_entries WHERE company_id = ${companyId}::uuid GROUP BY 1) s
    WHERE a.id = s.account_id`);
}

/** A phone line per account and `n` calls over the last 12 months, by COPY (the importer's path). */
export async function seedCallsYear(conn: Connection, companyId: string, n: number) {
  const t0 = performance.now();
  const res = await seedCalls(conn.db, n, { companyId, months: 12, seed: 17 });
  return { inserted: res.inserted, seconds: (performance.now() - t0) / 1000 };
}
