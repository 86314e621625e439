import { agentPayments, payments, rows, type Tx } from "@lk/db";
import { eq, sql } from "drizzle-orm";
import { audit } from "../audit/audit";
import type { Ctx } from "../context/index";
import { postLedger } from "../ledger/post";
import { invoicesPaidByPayments, reopenInvoices } from "../payments/apply";
import { loadPayment } from "../payments/load";
import { paymentJson } from "../payments/serialize";
import { emitEvent } from "../webhooks/index";

/**
 * Takes back `amount` of an agent payment, in the caller's transaction, the way a refund does: a
 * reversing `refund` entry through the ledger (no minimum-balance check: the money never came),
 * what the credit settled of the account's invoices taken back newest first (`unsettle`), the
 * payment's refunded amount raised (`refunded` when all of it), the invoices it leaves short
 * reopened, a `payment.refunded` webhook and an audit row. Returns the amount taken back.
 */
export async function reverseAgentPayment(
  tx: Tx,
  ctx: Ctx,
  paymentId: string,
  amount: number,
  why: string,
): Promise<number> {
  const p = await loadPayment(tx, paymentId);
  if (!p) throw new Error("agents: payment to reverse not found");
  const [locked] = await tx.select().from(payments).where(eq(payments.id, paymentId)).for("update");
  const left = locked!.amount - locked!.refundedAmount;
  const take = Math.min(amount, left);
  if (take <= 0 || p.items.length !== 1) return 0;
  const item = p.items[0]!;
  const now = ctx.now();
  await postLedger(
    tx,
    [
      {
        accountId: item.accountId,
        kind: "refund",
        amount: -take,
        description: `Сторнирование: ${why}`,
        refType: "payment",
        refId: paymentId,
      },
    ],
    { now },
  );
  const covered = await invoicesPaidByPayments(tx, p.items);
  const unsettled = await unsettle(tx, item.accountId, take);
  const refunded = locked!.refundedAmount + take;
  const status = refunded >= locked!.amount ? ("refunded" as const) : locked!.status;
  await tx
    .update(payments)
    .set({ refundedAmount: refunded, status, updatedAt: now })
    .where(eq(payments.id, paymentId));
  if (status === "refunded")
    await tx
      .update(agentPayments)
      .set({ status: "reversed", reversedAt: now })
      .where(eq(agentPayments.paymentId, paymentId));
  const reopened = await reopenInvoices(
    tx,
    [...new Set([...covered, ...unsettled])],
    now,
    ctx.config.timeZone,
  );
  await audit(tx, ctx, {
    action: "payment.reversed",
    companyId: p.companyId,
    entityType: "payment",
    entityId: paymentId,
    data: { amount: take, why, ...(reopened.length > 0 ? { reopened_invoices: reopened } : {}) },
  });
  await emitEvent(tx, {
    companyId: p.companyId,
    type: "payment.refunded",
    data: paymentJson({ ...locked!, refundedAmount: refunded, status, items: p.items }),
    now,
  });
  return take;
}

/**
 * settleInvoices (invoices/settle.ts) undone for an account credit: `amount` kopecks of what
 * credits settled of the account's invoices (`settled_amount`) taken back, newest invoice first
 * (the reverse of its oldest-first spread). Returns the invoices touched, for reopenInvoices.
 */
async function unsettle(tx: Tx, accountId: string, amount: number): Promise<string[]> {
  const r = await rows<{ id: string }>(
    tx,
    sql`WITH ranked AS (
          SELECT i.id, i.settled_amount,
                 (SUM(i.settled_amount) OVER (ORDER BY i.due_on DESC, i.year DESC, i.seq DESC
                                              ROWS UNBOUNDED PRECEDING) - i.settled_amount)::bigint AS after
            FROM invoices i
           WHERE i.account_id = ${accountId}::uuid AND i.settled_amount > 0
        ),
        take AS (
          SELECT id, LEAST(settled_amount, GREATEST(0, ${amount}::bigint - after))::bigint AS take FROM ranked
        )
        UPDATE invoices i SET settled_amount = i.settled_amount - t.take
          FROM take t WHERE i.id = t.id AND t.take > 0
        RETURNING i.id`,
  );
  return r.map((x) => x.id);
}
