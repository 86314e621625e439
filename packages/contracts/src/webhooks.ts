import { z } from "@hono/zod-openapi";
import { Timestamp } from "./common";

/** Mirrors `webhookEventTypes` in @lk/core (a core test keeps them equal). */
export const webhookEventValues = [
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

export const WebhookEventType = z.enum(["*", ...webhookEventValues]).openapi("WebhookEventType", {
  description: "An event type, or `*` for every event (also ones added later)",
});

const Url = z.string().trim().min(1).max(2048).openapi({
  description: "https:// (plain http:// only to localhost / 127.0.0.1, for development)",
  example: "https://erp.example.ru/lk-webhooks",
});

export const CreateWebhookEndpointRequest = z
  .object({
    url: Url,
    events: z.array(WebhookEventType).min(1).max(50),
    description: z.string().trim().max(500).nullish(),
  })
  .strict()
  .openapi("CreateWebhookEndpointRequest");

export const UpdateWebhookEndpointRequest = z
  .object({
    url: Url.optional(),
    events: z.array(WebhookEventType).min(1).max(50).optional(),
    description: z.string().trim().max(500).nullish(),
    status: z
      .enum(["active", "disabled"])
      .optional()
      .openapi({ description: "`active` re-enables a disabled endpoint and resumes its waiting deliveries" }),
  })
  .strict()
  .openapi("UpdateWebhookEndpointRequest");

export const WebhookEndpoint = z
  .object({
    id: z.string().uuid(),
    url: z.string(),
    description: z.string().nullable(),
    events: z.array(z.string()),
    status: z.enum(["active", "disabled"]),
    disabled_reason: z
      .string()
      .nullable()
      .openapi({ description: "`manual`, or `failing` when turned off after ≈ 3 days of failed deliveries" }),
    disabled_at: Timestamp.nullable(),
    consecutive_failures: z
      .number()
      .int()
      .openapi({ description: "Deliveries that ran out of retries since the last success" }),
    failing_since: Timestamp.nullable(),
    last_success_at: Timestamp.nullable(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .openapi("WebhookEndpoint");

const Secret = z.string().openapi({
  description: "The signing secret (`whsec_…`). Shown only here: store it in the receiver.",
  example: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
});

export const WebhookEndpointWithSecret = WebhookEndpoint.extend({ secret: Secret }).openapi(
  "WebhookEndpointWithSecret",
);

export const RotatedWebhookSecret = WebhookEndpoint.extend({
  secret: Secret,
  previous_secret_expires_at: Timestamp.openapi({
    description: "Until then deliveries carry a second signature made with the old secret",
  }),
}).openapi("RotatedWebhookSecret");

export const WebhookEndpointList = z
  .object({ data: z.array(WebhookEndpoint), next_cursor: z.string().nullable() })
  .openapi("WebhookEndpointList");

export const WebhookDelivery = z
  .object({
    id: z.string().uuid(),
    event_id: z.string().openapi({
      description: "The `webhook-id` header; same on every retry and resend",
      example: "msg_5f1c…",
    }),
    endpoint_id: z.string().uuid(),
    event_type: z.string(),
    payload: z
      .record(z.string(), z.unknown())
      .openapi({ description: "The body sent: `{ type, timestamp, data }`" }),
    status: z.enum(["pending", "succeeded", "failed"]),
    attempts: z.number().int(),
    next_attempt_at: Timestamp.nullable(),
    last_attempt_at: Timestamp.nullable(),
    last_status_code: z.number().int().nullable(),
    last_error: z.string().nullable(),
    response_excerpt: z
      .string()
      .nullable()
      .openapi({ description: "The first KiB of the receiver's last answer" }),
    created_at: Timestamp,
  })
  .openapi("WebhookDelivery");

export const WebhookDeliveryList = z
  .object({ data: z.array(WebhookDelivery), next_cursor: z.string().nullable() })
  .openapi("WebhookDeliveryList");

export const WebhookDeliveryListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  cursor: z.string().max(500).optional(),
  status: z.enum(["pending", "succeeded", "failed"]).optional(),
});
