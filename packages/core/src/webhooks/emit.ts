import { randomBytes } from "node:crypto";
import { type Queryable, webhookDeliveries, webhookEndpoints } from "@lk/db";
import { and, eq, isNull, sql } from "drizzle-orm";
import { ALL_EVENTS, type WebhookEventType } from "./events";

export interface EmitEventInput {
  companyId: string;
  type: WebhookEventType;
  /** The event's object, snake_case JSON as the API returns it (amounts in kopecks, times ISO UTC). */
  data: Record<string, unknown>;
  now: Date;
}

/** The `webhook-id` of an event: `msg_` + 32 hex characters. */
export const newEventId = () => `msg_${randomBytes(16).toString("hex")}`;

/** The body every delivery carries (Standard Webhooks' recommended shape). */
export const eventPayload = (type: string, data: Record<string, unknown>, now: Date) => ({
  type,
  timestamp: now.toISOString(),
  data,
});

/**
 * Queues a webhook event: one delivery per active endpoint of the company subscribed to `type`.
 * Call it inside the transaction of the change it reports (pass that `tx`): a rolled-back change
 * sends nothing, a committed one is delivered by `deliverWebhooks` with retries.
 * Returns the event id (the `webhook-id` receivers dedupe by) and how many deliveries were queued.
 */
export async function emitEvent(
  tx: Queryable,
  input: EmitEventInput,
): Promise<{ eventId: string; deliveries: number }> {
  const eventId = newEventId();
  const endpoints = await tx
    .select({ id: webhookEndpoints.id })
    .from(webhookEndpoints)
    .where(
      and(
        eq(webhookEndpoints.companyId, input.companyId),
        eq(webhookEndpoints.status, "active"),
        isNull(webhookEndpoints.deletedAt),
        sql`(${input.type} = ANY(${webhookEndpoints.events}) OR ${ALL_EVENTS} = ANY(${webhookEndpoints.events}))`,
      ),
    );
  if (endpoints.length === 0) return { eventId, deliveries: 0 };
  const payload = eventPayload(input.type, input.data, input.now);
  await tx.insert(webhookDeliveries).values(
    endpoints.map((e) => ({
      eventId,
      companyId: input.companyId,
      endpointId: e.id,
      eventType: input.type,
      payload,
      nextAttemptAt: input.now,
      createdAt: input.now,
      updatedAt: input.now,
    })),
  );
  return { eventId, deliveries: endpoints.length };
}
