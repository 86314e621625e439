import { listOf } from "../core/list";
import type { CallOptions, Transport } from "../core/transport";
import type { BodyOf, QueryOf, Schema, WebhookDelivery, WebhookEndpoint } from "../types";

const base = "/v1/webhook-endpoints";
const at = (id: string, action = "") => `${base}/${encodeURIComponent(id)}${action}`;

/** Where the API delivers events; each endpoint has its own `whsec_…` signing secret. */
export function webhookEndpoints(t: Transport) {
  return {
    list: (filter?: QueryOf<typeof base>, options?: CallOptions) =>
      listOf<WebhookEndpoint>(t, base, filter, options),
    get: (id: string, options?: CallOptions) => t.request<WebhookEndpoint>("GET", at(id), options),
    /** The response carries the signing secret; it is not shown again. */
    create: (body: BodyOf<typeof base, "post">, options?: CallOptions) =>
      t.request<Schema<"WebhookEndpointWithSecret", WebhookEndpoint & { secret: string }>>("POST", base, {
        ...options,
        body,
      }),
    update: (id: string, body: BodyOf<"/v1/webhook-endpoints/{id}", "patch">, options?: CallOptions) =>
      t.request<WebhookEndpoint>("PATCH", at(id), { ...options, body }),
    delete: (id: string, options?: CallOptions) => t.request<void>("DELETE", at(id), options),
    /** A new secret; sign-checks accept the old one too for a while (several `v1,` signatures). */
    rotateSecret: (id: string, options?: CallOptions) =>
      t.request<Schema<"RotatedWebhookSecret">>("POST", at(id, "/rotate-secret"), options),
    /** Sends a test event now. */
    test: (id: string, options?: CallOptions) => t.request<WebhookDelivery>("POST", at(id, "/test"), options),
    deliveries: (
      id: string,
      filter?: QueryOf<"/v1/webhook-endpoints/{id}/deliveries">,
      options?: CallOptions,
    ) => listOf<WebhookDelivery>(t, at(id, "/deliveries"), filter, options),
    resendDelivery: (deliveryId: string, options?: CallOptions) =>
      t.request<WebhookDelivery>(
        "POST",
        `/v1/webhook-deliveries/${encodeURIComponent(deliveryId)}/resend`,
        options,
      ),
  };
}

export type WebhookEndpointsResource = ReturnType<typeof webhookEndpoints>;
