import { invoices, rows, type Tx } from "@lk/db";
import { and, inArray, ne, sql } from "drizzle-orm";
import { invoiceCovered } from "../payments/items";

/** One credit just posted to an account: toward the invoice it names, or to the account. */
export interface SettlingCredit {
  accountId: string;
  /** Kopecks credited (> 0). */
  amount: number;
  /** The invoice the credit was paid toward (a payment item naming it), else null. */
  invoiceId?: string | null | undefined;
}

export interface SettleResult {
  /** Invoices marked paid by these credits. */
  paid: string[];
}

/**
 * Settles invoices with credits posted in the caller's transaction, right after their ledger lines
 * (the accounts are locked by the ledger until the commit, so two credits to one account settle one
 * after the other). ADR 0070.
 *
 * - A credit that names an invoice pays that invoice once what was paid toward it covers its total
 *   (payments toward it after refunds, `invoicePaid`, plus what account credits settled of it).
 * - A credit to an account is spread over the account's unpaid invoices oldest first (due date,
 *   then number): each takes what it still owes until the money runs out; a partly covered invoice
 *   stays unpaid with a smaller `amount_due` (`settled_amount` keeps what was covered). When the
 *   account is out of debt after the credit (balance ≥ 0), all its open invoices are paid — the
 *   rule of ADR 0031 that the hourly `markOverdueInvoices` applies as a safety net.
 *
 * Never reopens an invoice: that is a refund's business (payments/apply.ts, reopenInvoices).
 */
export async function settleInvoices(tx: Tx, credits: SettlingCredit[], now: Date): Promise<SettleResult> {
  const named = [...new Set(credits.map((c) => c.invoiceId).filter((x): x is string => Boolean(x)))];
  const perAccount = new Map<string, number>();
  for (const c of credits) {
    if (c.invoiceId || c.amount <= 0) continue;
    perAccount.set(c.accountId, (perAccount.get(c.accountId) ?? 0) + c.amount);
  }
  // Independent statements, sent together (one round trip on postgres.js, queued on PGlite).
  const [a, b] = await Promise.all([markNamedPaid(tx, named, now), spreadOverOldest(tx, perAccount, now)]);
  return { paid: [...a, ...b] };
}

async function markNamedPaid(tx: Tx, ids: string[], now: Date): Promise<string[]> {
  if (ids.length === 0) return [];
  const r = await tx
    .update(invoices)
    .set({ status: "paid", paidAt: now })
    .where(
      and(
        inArray(invoices.id, ids),
        ne(invoices.status, "paid"),
        sql`${invoices.totalAmount} <= ${invoiceCovered}`,
      ),
    )
    .returning({ id: invoices.id });
  return r.map((x) => x.id);
}

/** Kopecks that cover every open invoice of an account out of debt (a bigint that never runs out). */
const ALL = "9000000000000000";

async function spreadOverOldest(tx: Tx, perAccount: Map<string, number>, now: Date): Promise<string[]> {
  if (perAccount.size === 0) return [];
  const ids = [...perAccount.keys()];
  const amounts = ids.map((id) => perAccount.get(id)!);
  const at = now.toISOString();
  // `before`: what the older open invoices of the account still owe, which the credit pays first.
  const r = await rows<{ id: string; status: string }>(
    tx,
    sql`WITH credit AS (
          SELECT c.account_id, CASE WHEN a.balance >= 0 THEN ${ALL}::bigint ELSE c.amount END AS amount
            FROM unnest(${`{${ids.join(",")}}`}::uuid[], ${`{${amounts.join(",")}}`}::bigint[]) AS c(account_id, amount)
            JOIN accounts a ON a.id = c.account_id
        ),
        open AS (
          SELECT invoices.id, invoices.account_id, invoices.due_on, invoices.year, invoices.seq,
                 GREATEST(0, invoices.total_amount - ${invoiceCovered})::bigint AS due
            FROM invoices
           WHERE invoices.account_id IN (SELECT account_id FROM credit) AND invoices.status <> 'paid'
        ),
        ranked AS (
          SELECT o.id, o.account_id, o.due,
                 (SUM(o.due) OVER (PARTITION BY o.account_id ORDER BY o.due_on, o.year, o.seq
                                   ROWS UNBOUNDED PRECEDING) - o.due)::bigint AS before
            FROM open o
        ),
        alloc AS (
          SELECT r.id, r.due, LEAST(r.due, GREATEST(0, c.amount - r.before))::bigint AS take
            FROM ranked r JOIN credit c ON c.account_id = r.account_id
        )
        UPDATE invoices i
           SET settled_amount = i.settled_amount + a.take,
               status = CASE WHEN a.take >= a.due THEN 'paid' ELSE i.status END,
               paid_at = CASE WHEN a.take >= a.due THEN ${at}::timestamptz ELSE i.paid_at END
          FROM alloc a
         WHERE i.id = a.id AND (a.take > 0 OR a.due = 0)
        RETURNING i.id, i.status`,
  );
  return r.filter((x) => x.status === "paid").map((x) => x.id);
}
