import { webhookDeliveries } from "@lk/db";
import { and, desc, eq, lt, or } from "drizzle-orm";
import { audit } from "../audit/audit";
import { type Ctx, companyScope, requirePermission } from "../context/index";
import { decodeCursor, page } from "../pagination/cursor";
import { eventPayload, newEventId } from "./emit";
import { deliveryNotFound, endpointDisabled } from "./errors";
import { TEST_EVENT_TYPE } from "./events";
import { isTimeIdKey } from "./list-endpoints";
import { loadEndpoint } from "./load";
import { type DeliveryView, deliveryView } from "./view";

/** An endpoint's delivery log, newest first; `status` filters. */
export async function listWebhookDeliveries({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: {
    endpointId: string;
    limit: number;
    cursor?: string | undefined;
    status?: "pending" | "succeeded" | "failed" | undefined;
  };
}) {
  requirePermission(ctx, "webhooks:write");
  const { companyId } = companyScope(ctx);
  await loadEndpoint(ctx.db, companyId, input.endpointId);
  const after = decodeCursor(input.cursor, isTimeIdKey);
  const t = after ? new Date(after.t) : undefined;
  const d = webhookDeliveries;
  const rows = await ctx.db
    .select()
    .from(d)
    .where(
      and(
        eq(d.companyId, companyId),
        eq(d.endpointId, input.endpointId),
        input.status ? eq(d.status, input.status) : undefined,
        after && t ? or(lt(d.createdAt, t), and(eq(d.createdAt, t), lt(d.id, after.id))) : undefined,
      ),
    )
    .orderBy(desc(d.createdAt), desc(d.id))
    .limit(input.limit + 1);
  const res = page(rows, input.limit, (r) => ({ t: r.createdAt.toISOString(), id: r.id }));
  return { data: res.data.map(deliveryView), next_cursor: res.next_cursor };
}

/**
 * Sends a delivery again with the same `webhook-id` (receivers dedupe by it): back to `pending`,
 * due now, with a fresh retry schedule.
 */
export async function resendWebhookDelivery({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string };
}): Promise<DeliveryView> {
  requirePermission(ctx, "webhooks:write");
  const { companyId } = companyScope(ctx);
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.id, input.id), eq(webhookDeliveries.companyId, companyId)))
      .for("update");
    if (!row) throw deliveryNotFound();
    const endpoint = await loadEndpoint(tx, companyId, row.endpointId).catch(() => {
      throw deliveryNotFound();
    });
    if (endpoint.status !== "active") throw endpointDisabled();
    const [updated] = await tx
      .update(webhookDeliveries)
      .set({ status: "pending", attempts: 0, nextAttemptAt: now, updatedAt: now })
      .where(eq(webhookDeliveries.id, row.id))
      .returning();
    await audit(tx, ctx, {
      action: "webhook_delivery.resent",
      entityType: "webhook_delivery",
      entityId: row.id,
      data: { event_id: row.eventId, endpoint_id: row.endpointId },
    });
    return deliveryView(updated!);
  });
}

/** Queues a `webhook.test` event to this endpoint only, to check the receiver and its verification. */
export async function sendTestWebhook({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string };
}): Promise<DeliveryView> {
  requirePermission(ctx, "webhooks:write");
  const { companyId } = companyScope(ctx);
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const endpoint = await loadEndpoint(tx, companyId, input.id);
    if (endpoint.status !== "active") throw endpointDisabled();
    const eventId = newEventId();
    const [row] = await tx
      .insert(webhookDeliveries)
      .values({
        eventId,
        companyId,
        endpointId: endpoint.id,
        eventType: TEST_EVENT_TYPE,
        payload: eventPayload(
          TEST_EVENT_TYPE,
          { endpoint_id: endpoint.id, message: "Hello from LK Business" },
          now,
        ),
        nextAttemptAt: now,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await audit(tx, ctx, {
      action: "webhook_endpoint.test_sent",
      entityType: "webhook_endpoint",
      entityId: endpoint.id,
      data: { event_id: eventId },
    });
    return deliveryView(row!);
  });
}
