import { paymentEvents, payments } from "@lk/db";
import { eq } from "drizzle-orm";
import type { Ctx } from "../context/index";
import { type AcquirerReport, applyReport } from "./apply";
import { acquirerNotConfigured } from "./errors";
import type { AcquirerProvider } from "./provider";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type NotificationOutcome =
  | "applied"
  | "duplicate"
  | "ignored_stale"
  | "ignored_unknown_payment"
  | "ignored_mismatch"
  | "recorded";

/**
 * An acquirer notification: authenticated by its signature (no principal), verified on the raw
 * body before anything is parsed, then applied exactly once. The event id is recorded in the same
 * transaction as its effect: a repeat finds it and does nothing; a crash rolls both back, so the
 * acquirer's retry applies it. Stale and out-of-order events are recorded and ignored.
 */
export async function handleAcquirerNotification({
  ctx,
  input,
  acquirer,
}: {
  ctx: Ctx;
  input: { rawBody: string; headers: Headers };
  acquirer: AcquirerProvider | undefined;
}): Promise<{ outcome: NotificationOutcome; payment_id: string | null }> {
  if (!acquirer) throw acquirerNotConfigured();
  const n = acquirer.verifyNotification(input.rawBody, input.headers, ctx.now());
  const orderId = UUID.test(n.payment.orderId) ? n.payment.orderId : null;
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const [p] = orderId
      ? await tx
          .select({
            id: payments.id,
            charged: payments.chargedAmount,
            acquirerPaymentId: payments.acquirerPaymentId,
          })
          .from(payments)
          .where(eq(payments.id, orderId))
      : [];
    const inserted = await tx
      .insert(paymentEvents)
      .values({
        eventId: n.eventId,
        paymentId: p?.id ?? null,
        type: n.type,
        occurredAt: n.occurredAt,
        outcome: "received",
        receivedAt: now,
      })
      .onConflictDoNothing()
      .returning({ eventId: paymentEvents.eventId });
    if (inserted.length === 0) return { outcome: "duplicate" as const, payment_id: p?.id ?? null };

    let outcome: NotificationOutcome;
    if (!p) outcome = "ignored_unknown_payment";
    else if (
      n.payment.amount !== p.charged ||
      (p.acquirerPaymentId !== null && p.acquirerPaymentId !== n.payment.id)
    )
      outcome = "ignored_mismatch";
    else if (n.type === "refund.succeeded") outcome = "recorded";
    else {
      const report: AcquirerReport = {
        status: n.payment.status,
        occurredAt: n.occurredAt,
        acquirerPaymentId: n.payment.id,
        failureReason: n.payment.failureReason,
        cardToken: n.payment.cardToken,
        cardMask: n.payment.cardMask,
      };
      // The event's outcome is written before the shared rows are locked (see applyReport).
      let written = false;
      outcome = await applyReport(tx, ctx, p.id, report, async (o) => {
        written = true;
        await tx.update(paymentEvents).set({ outcome: o }).where(eq(paymentEvents.eventId, n.eventId));
      });
      if (written) return { outcome, payment_id: p.id };
    }
    await tx.update(paymentEvents).set({ outcome }).where(eq(paymentEvents.eventId, n.eventId));
    return { outcome, payment_id: p?.id ?? null };
  });
}
