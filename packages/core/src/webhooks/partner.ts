import { partners, type payments, type Tx, webhookDeliveries, webhookEndpoints } from "@lk/db";
import { and, eq, isNull } from "drizzle-orm";
import { confirmationOf } from "../payments/serialize";
import { receiptNo } from "../receipts/number";
import { eventPayload, newEventId } from "./emit";
import type { WebhookEventType } from "./events";

/** Events a partner receives about the payments made through it. */
export const partnerEventTypes = [
  "payment.succeeded",
  "payment.failed",
] as const satisfies readonly WebhookEventType[];
export type PartnerEventType = (typeof partnerEventTypes)[number];

export interface EmitPartnerEventInput {
  partnerId: string;
  type: PartnerEventType;
  data: Record<string, unknown>;
  now: Date;
}

/**
 * Queues an event for a partner's webhook URL, in the caller's transaction, through the same outbox
 * and worker as company webhooks: the partner's URL and `whsec_` secret live in the partner row,
 * mirrored into a partner-owned `webhook_endpoints` row (company_id NULL) that is created or
 * brought up to date here, so a URL set or a secret rotated by the operator is picked up by the next
 * event. No URL, a disabled partner, or an endpoint auto-disabled for failing: nothing is queued.
 * ADR 0063.
 */
export async function emitPartnerEvent(
  tx: Tx,
  input: EmitPartnerEventInput,
): Promise<{ eventId: string; deliveries: number }> {
  const eventId = newEventId();
  const [partner] = await tx
    .select({ url: partners.webhookUrl, secret: partners.webhookSecret, status: partners.status })
    .from(partners)
    .where(eq(partners.id, input.partnerId));
  if (!partner?.url || partner.status !== "active") return { eventId, deliveries: 0 };
  let [endpoint] = await tx
    .select({
      id: webhookEndpoints.id,
      url: webhookEndpoints.url,
      secret: webhookEndpoints.secret,
      status: webhookEndpoints.status,
    })
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.partnerId, input.partnerId), isNull(webhookEndpoints.deletedAt)));
  if (!endpoint) {
    [endpoint] = await tx
      .insert(webhookEndpoints)
      .values({
        partnerId: input.partnerId,
        url: partner.url,
        description: "Partner webhook",
        events: [...partnerEventTypes],
        secret: partner.secret,
        createdAt: input.now,
        updatedAt: input.now,
      })
      .returning({
        id: webhookEndpoints.id,
        url: webhookEndpoints.url,
        secret: webhookEndpoints.secret,
        status: webhookEndpoints.status,
      });
  } else if (endpoint.url !== partner.url || endpoint.secret !== partner.secret) {
    // The operator changed the URL or rotated the keys: the new ones sign from now on.
    await tx
      .update(webhookEndpoints)
      .set({ url: partner.url, secret: partner.secret, previousSecret: null, updatedAt: input.now })
      .where(eq(webhookEndpoints.id, endpoint.id));
  }
  if (endpoint?.status !== "active") return { eventId, deliveries: 0 };
  await tx.insert(webhookDeliveries).values({
    eventId,
    partnerId: input.partnerId,
    endpointId: endpoint.id,
    eventType: input.type,
    payload: eventPayload(input.type, input.data, input.now),
    nextAttemptAt: input.now,
    createdAt: input.now,
    updatedAt: input.now,
  });
  return { eventId, deliveries: 1 };
}

/**
 * A payment as the partner sees it in its webhooks: the shape of `GET /v1/partner/payments/{id}`
 * (the widget's) plus `paid_at`, the earlier name of `succeeded_at`, kept for receivers written
 * before the rename (schema PartnerPayment, ADR 0087).
 */
export function partnerPaymentJson(p: typeof payments.$inferSelect, receiptNumber?: number | null) {
  const succeededAt = p.succeededAt ? p.succeededAt.toISOString() : null;
  return {
    id: p.id,
    status: p.status,
    amount: p.amount,
    commission_amount: p.commission,
    total_amount: p.chargedAmount,
    currency: "RUB" as const,
    // confirmation_url, confirmation_type and qr, as the widget's payment has them (the schema's).
    ...confirmationOf(p),
    // The fiscal receipt's human number (docs/receipts.md); never the payment's id.
    receipt_number:
      (p.status === "succeeded" || p.status === "refunded") && receiptNumber != null
        ? receiptNo(receiptNumber)
        : null,
    failure_reason: p.failureReason,
    created_at: p.createdAt.toISOString(),
    succeeded_at: succeededAt,
    paid_at: succeededAt,
  };
}
