import { listOf } from "../core/list";
import type { CallOptions, Transport } from "../core/transport";
import type { BodyOf, QueryOf, WebhookEndpoint } from "../types";

const base = "/v1/webhook-endpoints";
const at = (id: string) => `${base}/${encodeURIComponent(id)}`;

/** Where the API delivers events; each endpoint has its own `whsec_…` signing secret. */
export function webhookEndpoints(t: Transport) {
  return {
    list: (filter?: QueryOf<typeof base>, options?: CallOptions) =>
      listOf<WebhookEndpoint>(t, base, filter, options),
    get: (id: string, options?: CallOptions) => t.request<WebhookEndpoint>("GET", at(id), options),
    create: (body: BodyOf<typeof base, "post">, options?: CallOptions) =>
      t.request<WebhookEndpoint>("POST", base, { ...options, body }),
    update: (id: string, body: BodyOf<"/v1/webhook-endpoints/{id}", "patch">, options?: CallOptions) =>
      t.request<WebhookEndpoint>("PATCH", at(id), { ...options, body }),
    delete: (id: string, options?: CallOptions) => t.request<void>("DELETE", at(id), options),
  };
}

export type WebhookEndpointsResource = ReturnType<typeof webhookEndpoints>;
