import { agentPayments, type PaymentAgentRow, rows } from "@lk/db";
import { and, eq, sql } from "drizzle-orm";
import type { Ctx } from "../context/index";
import { applyReport } from "../payments/apply";
import { insertPayment } from "../payments/create-record";

export interface AgentCredit {
  agent: Pick<PaymentAgentRow, "id" | "name" | "commissionBp">;
  txnId: string;
  account: { id: string; companyId: string; number: string };
  amount: number;
  txnDate: Date;
  origin: "gateway" | "registry";
}

export interface AgentCreditResult {
  prvTxn: number;
  amount: number;
  /** false: the txn was credited before (this call credited nothing). */
  created: boolean;
  accountId: string;
  paymentId: string | null;
}

/** The agent's commission on a sum: basis points, rounded half up, owed by the operator. */
export const agentCommission = (amount: number, bp: number) => Math.floor((amount * bp + 5_000) / 10_000);

/** «Сбербанк Онлайн, txn 9876»: the payment's source document, as the history shows it. */
export const agentSourceDocument = (agentName: string, txnId: string) => `${agentName}, txn ${txnId}`;

/**
 * Credits one agent transaction exactly once, in one transaction: the (agent, txn_id) row is
 * claimed first (INSERT … ON CONFLICT DO NOTHING on the primary key — a concurrent twin waits on
 * the key and then finds it taken), then the payment record (source `agent`, method `agent`) is
 * written and moved to `succeeded` by the payments module, which posts the ledger credit, marks
 * invoices, writes the notice, e-mail, webhook and audit rows. A repeat returns the first prv_txn.
 */
export async function creditAgentPayment(ctx: Ctx, c: AgentCredit): Promise<AgentCreditResult> {
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const [claimed] = await rows<{ prv_txn: string | number }>(
      tx,
      sql`INSERT INTO agent_payments (agent_id, txn_id, company_id, account_id, amount, commission, txn_date, origin, created_at)
        VALUES (${c.agent.id}::uuid, ${c.txnId}, ${c.account.companyId}::uuid, ${c.account.id}::uuid, ${c.amount}::bigint,
          ${agentCommission(c.amount, c.agent.commissionBp)}::bigint, ${c.txnDate.toISOString()}::timestamptz,
          ${c.origin}, ${now.toISOString()}::timestamptz)
        ON CONFLICT (agent_id, txn_id) DO NOTHING
        RETURNING prv_txn`,
    );
    if (!claimed) {
      const [first] = await tx
        .select()
        .from(agentPayments)
        .where(and(eq(agentPayments.agentId, c.agent.id), eq(agentPayments.txnId, c.txnId)));
      if (!first) throw new Error("agents: conflict without a row");
      return {
        prvTxn: first.prvTxn,
        amount: first.amount,
        created: false,
        accountId: first.accountId,
        paymentId: first.paymentId,
      };
    }
    const prvTxn = Number(claimed.prv_txn);
    const txCtx: Ctx = { ...ctx, db: tx as unknown as Ctx["db"] };
    const p = await insertPayment(txCtx, {
      companyId: c.account.companyId,
      source: "agent",
      method: "agent",
      idempotencyKey: `agent:${c.agent.id}:${c.txnId}`,
      description: agentSourceDocument(c.agent.name, c.txnId),
      items: [
        {
          accountId: c.account.id,
          companyId: c.account.companyId,
          invoiceId: null,
          amount: c.amount,
          accountNumber: c.account.number,
        },
      ],
      commission: 0,
      bonus: 0,
    });
    await tx
      .update(agentPayments)
      .set({ paymentId: p.id })
      .where(and(eq(agentPayments.agentId, c.agent.id), eq(agentPayments.txnId, c.txnId)));
    await applyReport(tx, ctx, p.id, { status: "succeeded", occurredAt: c.txnDate });
    return { prvTxn, amount: c.amount, created: true, accountId: c.account.id, paymentId: p.id };
  });
}
