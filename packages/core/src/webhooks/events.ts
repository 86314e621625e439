/**
 * Event types a webhook endpoint can subscribe to. Other domains emit them with `emitEvent`;
 * add a new type here (and to docs/api-keys-and-webhooks.md) before emitting it.
 */
export const webhookEventTypes = [
  "invoice.issued",
  "document.issued",
  "payment.succeeded",
  "payment.failed",
  "payment.refunded",
  "balance.low",
  "order.created",
  "order.updated",
  "account.suspended",
  "account.resumed",
  "promised_payment.expiring",
] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number];

/** Sent only by `POST /v1/webhook-endpoints/{id}/test`, to that endpoint; nobody subscribes to it. */
export const TEST_EVENT_TYPE = "webhook.test";

/** Subscribing to `*` means every event type, including ones added later. */
export const ALL_EVENTS = "*";

export const isWebhookEventType = (s: string): s is WebhookEventType =>
  (webhookEventTypes as readonly string[]).includes(s);
