import { rows } from "@lk/db";
import { sql } from "drizzle-orm";
import type { Ctx } from "../context/index";
import { applyLocked, lockPayment } from "./apply";
import { acquirerNotConfigured } from "./errors";
import { checkNotificationBounds } from "./notification-bounds";
import type { AcquirerProvider } from "./provider";
import { nextStatus } from "./status";

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
  checkNotificationBounds(n);
  const orderId = UUID.test(n.payment.orderId) ? n.payment.orderId : null;
  const now = ctx.now();
  let duplicateOf: { payment_id: string | null } | undefined;
  try {
    return await ctx.db.transaction(async (tx) => {
      // The payment is locked (with its items) first and the outcome decided under that lock; the
      // event row then goes in with its final outcome. A repeat of an event finds the row (its insert
      // waits for the first one's commit) and changes nothing.
      const locked = orderId ? await lockPayment(tx, orderId) : undefined;
      const p = locked?.row;
      let outcome: NotificationOutcome;
      if (!p) outcome = "ignored_unknown_payment";
      else if (
        n.payment.amount !== p.chargedAmount ||
        (p.acquirerPaymentId !== null && p.acquirerPaymentId !== n.payment.id)
      )
        outcome = "ignored_mismatch";
      else if (n.type === "refund.succeeded") outcome = "recorded";
      else outcome = nextStatus(p.status, n.payment.status) ? "applied" : "ignored_stale";
      // Sent now (not awaited): when the event applies, the payment's writes follow it in the same
      // round trip. Written out: drizzle's insert builder cost more to build than this whole call.
      const inserted = rows<{ event_id: string }>(
        tx,
        sql`INSERT INTO payment_events (event_id, payment_id, type, occurred_at, outcome, received_at)
          VALUES (${n.eventId}, ${p?.id ?? null}::uuid, ${n.type}, ${n.occurredAt.toISOString()}::timestamptz,
            ${outcome}, ${now.toISOString()}::timestamptz)
          ON CONFLICT DO NOTHING
          RETURNING event_id`,
      );
      if (outcome !== "applied") {
        if ((await inserted).length === 0)
          return { outcome: "duplicate" as const, payment_id: p?.id ?? null };
        return { outcome, payment_id: p?.id ?? null };
      }
      // Applied: the event row and the payment's writes go out together (one round trip instead of
      // two; PostgreSQL runs them in the order sent). Should the event turn out to be recorded
      // already, everything this transaction wrote is rolled back below and nothing changes.
      const [events, applied] = await Promise.allSettled([
        inserted,
        applyLocked(tx, ctx, locked!, {
          status: n.payment.status,
          occurredAt: n.occurredAt,
          acquirerPaymentId: n.payment.id,
          failureReason: n.payment.failureReason,
          cardToken: n.payment.cardToken,
          cardMask: n.payment.cardMask,
          cardExpiry: n.payment.cardExpiry,
        }),
      ]);
      if (events.status === "rejected") throw events.reason;
      if (events.value.length === 0) {
        duplicateOf = { payment_id: p!.id };
        throw new DuplicateEvent();
      }
      if (applied.status === "rejected") throw applied.reason;
      return { outcome, payment_id: p!.id };
    });
  } catch (e) {
    if (e instanceof DuplicateEvent && duplicateOf) return { outcome: "duplicate", ...duplicateOf };
    throw e;
  }
}

/** Rolls back a transaction that applied an event found recorded already. */
class DuplicateEvent extends Error {}
