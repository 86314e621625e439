import type { WebhookDeliveryRow, WebhookEndpointRow } from "@lk/db";

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function endpointView(row: WebhookEndpointRow) {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    events: row.events,
    status: row.status,
    disabled_reason: row.disabledReason,
    disabled_at: iso(row.disabledAt),
    consecutive_failures: row.consecutiveFailures,
    failing_since: iso(row.failingSince),
    last_success_at: iso(row.lastSuccessAt),
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}
export type EndpointView = ReturnType<typeof endpointView>;

export function deliveryView(row: WebhookDeliveryRow) {
  return {
    id: row.id,
    event_id: row.eventId,
    endpoint_id: row.endpointId,
    event_type: row.eventType,
    payload: row.payload,
    status: row.status,
    attempts: row.attempts,
    next_attempt_at: row.status === "pending" ? iso(row.nextAttemptAt) : null,
    last_attempt_at: iso(row.lastAttemptAt),
    last_status_code: row.lastStatusCode,
    last_error: row.lastError,
    response_excerpt: row.responseExcerpt,
    created_at: row.createdAt.toISOString(),
  };
}
export type DeliveryView = ReturnType<typeof deliveryView>;
