import { paymentRefunds, payments, rows } from "@lk/db";
import { and, eq, sql } from "drizzle-orm";
import { audit } from "../audit/audit";
import { type Ctx, companyScope, requirePermission } from "../context/index";
import { type LedgerLine, postLedger } from "../ledger/post";
import { insertRefundReceipt, needsReceipt } from "../receipts/create";
import { emitEvent } from "../webhooks/index";
import { invoicesPaidByPayments, reopenInvoices } from "./apply";
import { acquirerNotConfigured, paymentNotRefundable, refundExceedsRemaining } from "./errors";
import { loadPayment } from "./load";
import { allocate } from "./pricing";
import type { AcquirerProvider } from "./provider";
import { findVisiblePayment } from "./query";
import { paymentJson } from "./serialize";

/** A succeeded payment, or one refunded in full (then 0 ₽ is left: `refund_exceeds_remaining`). */
const REFUNDABLE = new Set<string>(["succeeded", "refunded"]);

/**
 * Refunds (part of) the card part of a succeeded payment (admins only). The refund row is written
 * first, the acquirer is called outside any transaction, then the accounts are debited through the
 * ledger (without the min-balance check: the money has left) in one transaction. An invoice the
 * payment had paid and that the refund leaves short is unpaid again (`reopenInvoices`).
 */
export async function refundPayment({
  ctx,
  input,
  acquirer,
}: {
  ctx: Ctx;
  input: { id: string; amount: number; idempotency_key: string };
  acquirer: AcquirerProvider | undefined;
}) {
  requirePermission(ctx, "company:manage");
  const scope = companyScope(ctx);
  const p = await findVisiblePayment(ctx, input.id);
  // The status and what is left to refund are decided only under the row lock below: read here, a
  // parallel refund that has just finished would make this one «not refundable» instead of
  // «exceeds what is left» (a refunded payment has nothing left: 0 ₽).
  if (!REFUNDABLE.has(p.status) || !p.acquirerPaymentId || input.amount <= 0) throw paymentNotRefundable();
  if (!acquirer) throw acquirerNotConfigured();
  const now = ctx.now();
  // Refunds of one payment are serialised by the payment's row lock (issue 18: 20 parallel 60 ₽
  // refunds of a 100 ₽ payment all reached the acquirer). Under the lock a refund reserves its
  // amount as a `pending` row; what is left to refund counts the pending ones, so a second refund
  // that would exceed it is a 409 `refund_exceeds_remaining` and writes nothing. A pending row stays
  // only while its acquirer call is unanswered; the same Idempotency-Key retries it.
  const refund = await ctx.db.transaction(async (tx) => {
    const [locked] = await tx
      .select({
        status: payments.status,
        amount: payments.amount,
        bonusAmount: payments.bonusAmount,
        refundedAmount: payments.refundedAmount,
      })
      .from(payments)
      .where(eq(payments.id, p.id))
      .for("update");
    const [existing] = await tx
      .select()
      .from(paymentRefunds)
      .where(
        and(
          eq(paymentRefunds.companyId, scope.companyId),
          eq(paymentRefunds.idempotencyKey, input.idempotency_key),
        ),
      );
    if (existing) return existing;
    if (!locked || !REFUNDABLE.has(locked.status)) throw paymentNotRefundable();
    const [pending] = await rows<{ sum: string | number }>(
      tx,
      sql`SELECT COALESCE(SUM(amount), 0) AS sum FROM payment_refunds WHERE payment_id = ${p.id} AND status = 'pending'`,
    );
    const remaining = locked.amount - locked.bonusAmount - locked.refundedAmount - Number(pending?.sum ?? 0);
    if (input.amount > remaining) throw refundExceedsRemaining(Math.max(0, remaining));
    const [inserted] = await tx
      .insert(paymentRefunds)
      .values({
        paymentId: p.id,
        companyId: scope.companyId,
        amount: input.amount,
        idempotencyKey: input.idempotency_key,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    return inserted;
  });
  if (!refund) throw paymentNotRefundable();
  if (refund.status === "pending") {
    const ar = await acquirer.refund({
      acquirerPaymentId: p.acquirerPaymentId,
      amount: refund.amount,
      idempotencyKey: `lk-refund-${refund.id}`,
    });
    await ctx.db.transaction(async (tx) => {
      const [locked] = await tx.select().from(payments).where(eq(payments.id, p.id)).for("update");
      const [r] = await tx
        .update(paymentRefunds)
        .set({ status: ar.status, acquirerRefundId: ar.id, updatedAt: ctx.now() })
        .where(and(eq(paymentRefunds.id, refund.id), eq(paymentRefunds.status, "pending")))
        .returning();
      if (!r || !locked || ar.status !== "succeeded") return;
      const cardParts = p.items.map((i) => i.amount - i.bonusAmount);
      const already = allocate(cardParts, locked.refundedAmount);
      const left = cardParts.map((c, n) => c - (already[n] ?? 0));
      const parts = allocate(left, r.amount);
      const lines: LedgerLine[] = p.items.flatMap((i, n) =>
        (parts[n] ?? 0) > 0
          ? [
              {
                accountId: i.accountId,
                kind: "refund" as const,
                amount: -(parts[n] ?? 0),
                description: "Возврат платежа",
                refType: "payment_refund",
                refId: r.id,
              },
            ]
          : [],
      );
      await postLedger(tx, lines, { now: ctx.now() });
      // The invoices this payment's items paid, read before the refund lowers what was paid toward
      // them: those it leaves short are unpaid again (below).
      const covered = await invoicesPaidByPayments(tx, p.items);
      const refunded = locked.refundedAmount + r.amount;
      await tx
        .update(payments)
        .set({
          refundedAmount: refunded,
          status: refunded >= locked.amount - locked.bonusAmount ? "refunded" : locked.status,
          updatedAt: ctx.now(),
        })
        .where(eq(payments.id, p.id));
      // Its возврат прихода receipt, once per refund, registered later by the receipts job.
      if (needsReceipt(p))
        await insertRefundReceipt(tx, ctx, {
          paymentId: p.id,
          companyId: p.companyId,
          refundId: r.id,
          amount: r.amount,
          refundedBefore: locked.refundedAmount,
        });
      const reopened = await reopenInvoices(tx, covered, ctx.now(), ctx.config.timeZone);
      await audit(tx, ctx, {
        action: "payment.refunded",
        entityType: "payment",
        entityId: p.id,
        data: { amount: r.amount, ...(reopened.length > 0 ? { reopened_invoices: reopened } : {}) },
      });
      const view = { ...locked, refundedAmount: refunded, items: p.items };
      await emitEvent(tx, {
        companyId: p.companyId,
        type: "payment.refunded",
        data: paymentJson(view),
        now: ctx.now(),
      });
    });
  }
  return paymentJson((await loadPayment(ctx.db, p.id))!);
}
