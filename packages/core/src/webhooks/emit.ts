import { randomBytes } from "node:crypto";
import { type Queryable, rows, webhookDeliveries, webhookEndpoints } from "@lk/db";
import { sql } from "drizzle-orm";
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
  const now = input.now.toISOString();
  // One round trip: the deliveries are selected from the subscribed endpoints as they are inserted
  // (most companies have none, and then nothing is written).
  const payload = JSON.stringify(eventPayload(input.type, input.data, input.now));
  const inserted = await rows<{ id: string }>(
    tx,
    sql`INSERT INTO ${webhookDeliveries} (event_id, company_id, endpoint_id, event_type, payload, next_attempt_at, created_at, updated_at)
        SELECT ${eventId}, ${input.companyId}::uuid, e.id, ${input.type}, ${payload}::text::jsonb,
          ${now}::timestamptz, ${now}::timestamptz, ${now}::timestamptz
        FROM ${webhookEndpoints} e
        WHERE e.company_id = ${input.companyId}::uuid AND e.status = 'active' AND e.deleted_at IS NULL
          AND (${input.type} = ANY(e.events) OR ${ALL_EVENTS} = ANY(e.events))
        RETURNING id`,
  );
  return { eventId, deliveries: inserted.length };
}
