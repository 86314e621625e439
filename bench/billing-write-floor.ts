import { type Connection, rows } from "@lk/db";
import { sql } from "drizzle-orm";

/**
 * The write floor of a billing run: the rows every run must write — invoices, their lines, the
 * ledger charges, the balance updates and the balance notices — copied set-based on the server
 * from what the run just wrote into empty twins of their tables (same columns, checks, indexes and
 * foreign keys), in one transaction that is rolled back. No Node, no parsing, no e-mails, notices or
 * webhooks: what PostgreSQL alone spends storing the run's results. Returns seconds.
 */
export async function writeFloor(conn: Connection, period: string): Promise<number> {
  let seconds = 0;
  await conn.db
    .transaction(async (tx) => {
      for (const t of ["invoices", "invoice_lines", "ledger_entries", "balance_notices"])
        await rows(tx, sql.raw(`CREATE TABLE floor_${t} (LIKE ${t} INCLUDING ALL)`));
      await rows(
        tx,
        sql`ALTER TABLE floor_invoices ADD FOREIGN KEY (account_id) REFERENCES accounts(id),
              ADD FOREIGN KEY (company_id) REFERENCES companies(id), ADD FOREIGN KEY (run_id) REFERENCES billing_runs(id)`,
      );
      await rows(
        tx,
        sql`ALTER TABLE floor_invoice_lines ADD FOREIGN KEY (invoice_id) REFERENCES floor_invoices(id)`,
      );
      for (const t of ["floor_ledger_entries", "floor_balance_notices"])
        await rows(
          tx,
          sql`ALTER TABLE ${sql.raw(t)} ADD FOREIGN KEY (account_id) REFERENCES accounts(id),
                ADD FOREIGN KEY (company_id) REFERENCES companies(id)`,
        );
      const t0 = performance.now();
      await rows(tx, sql`INSERT INTO floor_invoices SELECT * FROM invoices WHERE period = ${period}`);
      await rows(
        tx,
        sql`INSERT INTO floor_invoice_lines SELECT l.* FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
             WHERE i.period = ${period}`,
      );
      await rows(
        tx,
        sql`INSERT INTO floor_ledger_entries SELECT * FROM ledger_entries WHERE ref_type = 'invoice' AND kind IN ('charge', 'adjustment')`,
      );
      await rows(
        tx,
        sql`UPDATE accounts a SET balance = a.balance + 1 FROM floor_ledger_entries e WHERE e.account_id = a.id`,
      );
      await rows(tx, sql`INSERT INTO floor_balance_notices SELECT * FROM balance_notices`);
      seconds = (performance.now() - t0) / 1000;
      throw new RollBack();
    })
    .catch((e) => {
      if (!(e instanceof RollBack)) throw e;
    });
  return seconds;
}

class RollBack extends Error {}
