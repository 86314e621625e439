import { audit } from "../audit/audit";
import { type Ctx, requirePermission } from "../context/index";
import { applyReport } from "./apply";
import { autopayChargeNotCancelable, paymentNotCancelable } from "./errors";
import { loadPayment } from "./load";
import { findVisiblePayment } from "./query";
import { paymentJson } from "./serialize";
import { isOpen } from "./status";

/**
 * Cancels a payment nobody has paid yet (pending or awaiting 3-D Secure); its bonuses come back.
 * Not an autopay charge on a saved card (409): the acquirer settles those.
 * The provider interface has no cancel call yet, so the acquirer's page stays open: if the payer
 * still pays, the `succeeded` notification credits the accounts anyway (canceled → succeeded).
 */
export async function cancelPayment({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  requirePermission(ctx, "payments:write");
  const p = await findVisiblePayment(ctx, input.id);
  // An autopay charge on a saved card is not the payer's to cancel: the acquirer decides it, and a
  // charge it did not answer must stay open (canceled, it would let the rule charge again).
  if (!isOpen(p.status)) throw paymentNotCancelable();
  if (p.method === "saved_card") throw autopayChargeNotCancelable();
  await ctx.db.transaction(async (tx) => {
    const outcome = await applyReport(tx, ctx, p.id, { status: "canceled", occurredAt: ctx.now() });
    if (outcome !== "applied") throw paymentNotCancelable();
    await audit(tx, ctx, { action: "payment.cancel_requested", entityType: "payment", entityId: p.id });
  });
  return paymentJson((await loadPayment(ctx.db, p.id))!);
}
