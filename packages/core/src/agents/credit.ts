import { randomUUID } from "node:crypto";
import { agentPayments, type PaymentAgentRow } from "@lk/db";
import { and, eq, sql } from "drizzle-orm";
import type { Ctx } from "../context/index";
import { applyLocked } from "../payments/apply";
import { draftView, insertPayment, type PaymentDraft } from "../payments/create-record";

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
 * The payment's date: the agent's txn_date (when the payer paid at the terminal), but never later
 * than now — an agent whose clock runs ahead of ours must not date a credit past today's reports.
 */
export const agentPaidAt = (txnDate: Date, now: Date) => (txnDate.getTime() > now.getTime() ? now : txnDate);

/**
 * Credits one agent transaction exactly once, in one transaction. The (agent, txn_id) row is
 * claimed (INSERT … ON CONFLICT DO NOTHING on the primary key — a concurrent twin waits on the key
 * and then finds it taken) in the same statement that writes the payment record (source `agent`,
 * method `agent`), its item and audit row: no claim, no payment. The payment is then moved to
 * `succeeded` by the payments module from the row just written (nothing to read back or lock: no
 * other transaction can see it yet), which posts the ledger credit, marks invoices, writes the
 * notice, e-mail, webhook and audit rows. A repeat returns the first prv_txn.
 *
 * Dates: the payment and its ledger credit are dated by the agent's txn_date (agentPaidAt) — the
 * history, the акт сверки and the registry reconciliation show when the payer paid; when it reached
 * us is kept as `agent_payments.created_at` and the payment's `succeeded_at`.
 */
export async function creditAgentPayment(ctx: Ctx, c: AgentCredit): Promise<AgentCreditResult> {
  const now = ctx.now();
  const paidAt = agentPaidAt(c.txnDate, now);
  const paymentId = randomUUID();
  const draft: PaymentDraft = {
    id: paymentId,
    createdAt: paidAt,
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
  };
  const claim = sql`INSERT INTO agent_payments (agent_id, txn_id, company_id, account_id, amount, commission, txn_date, origin, created_at, payment_id)
    VALUES (${c.agent.id}::uuid, ${c.txnId}, ${c.account.companyId}::uuid, ${c.account.id}::uuid, ${c.amount}::bigint,
      ${agentCommission(c.amount, c.agent.commissionBp)}::bigint, ${c.txnDate.toISOString()}::timestamptz,
      ${c.origin}, ${now.toISOString()}::timestamptz, ${paymentId}::uuid)
    ON CONFLICT (agent_id, txn_id) DO NOTHING
    RETURNING prv_txn,
      (SELECT s.bonus_percent_bp FROM company_payment_settings s WHERE s.company_id = ${c.account.companyId}::uuid) AS bonus_bp`;
  return ctx.db.transaction(async (tx) => {
    const txCtx: Ctx = { ...ctx, db: tx as unknown as Ctx["db"] };
    const written = await insertPayment(txCtx, draft, { claim });
    if (!written.created) {
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
    const claimed = written.claimed as { prv_txn: string | number; bonus_bp: string | number | null };
    const { items, ...row } = draftView(paymentId, draft, paidAt, now);
    await applyLocked(
      tx,
      ctx,
      { row, items, bonusPercentBp: claimed.bonus_bp === null ? null : Number(claimed.bonus_bp) },
      { status: "succeeded", occurredAt: paidAt, valueDate: paidAt },
    );
    return {
      prvTxn: Number(claimed.prv_txn),
      amount: c.amount,
      created: true,
      accountId: c.account.id,
      paymentId,
    };
  });
}
