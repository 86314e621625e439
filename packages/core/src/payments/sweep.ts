import { payments } from "@lk/db";
import { and, asc, eq, gt, isNull, lt, ne } from "drizzle-orm";
import { type Ctx, requireOperator } from "../context/index";
import { applyReport } from "./apply";

/**
 * A draft older than this, still `pending` with no acquirer id, is abandoned. Far past the
 * idempotency lease (60 s, ADR 0085) within which a retry with the same key continues the draft
 * instead, and past any request's life: nobody is working on it any more.
 */
export const ABANDON_AFTER_MS = 30 * 60_000;

/**
 * The orphan-draft sweeper (a job): card and SBP payments whose request died between writing the
 * draft and storing the acquirer's answer, and that nobody retried, are failed with reason
 * `abandoned` through the same path as an acquirer's failure (bonuses reserved for them given back,
 * audited as `payment.failed`, webhooks). Autopay charges without an answer are not touched: the
 * autopay job asks the acquirer about them again. The payer never saw a confirmation page for such a
 * draft, so nothing can be paid on it; if the acquirer did make a payment, its later report is
 * stale and ignored.
 */
export async function sweepAbandonedPayments({ ctx }: { ctx: Ctx }) {
  requireOperator(ctx);
  const now = ctx.now();
  const orphans = await ctx.db
    .select({ id: payments.id })
    .from(payments)
    .where(
      and(
        eq(payments.status, "pending"),
        isNull(payments.acquirerPaymentId),
        ne(payments.method, "saved_card"),
        gt(payments.chargedAmount, 0),
        lt(payments.createdAt, new Date(now.getTime() - ABANDON_AFTER_MS)),
      ),
    )
    .orderBy(asc(payments.createdAt))
    .limit(500);
  let failed = 0;
  for (const o of orphans) {
    // Each in its own transaction under the payment's row lock: a retry or a notification that
    // moved it meanwhile wins, and then this is a stale report.
    const outcome = await ctx.db.transaction((tx) =>
      applyReport(tx, ctx, o.id, { status: "failed", occurredAt: now, failureReason: "abandoned" }),
    );
    if (outcome === "applied") failed++;
  }
  return { abandoned: failed };
}
