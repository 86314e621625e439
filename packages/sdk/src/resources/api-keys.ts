import { listOf } from "../core/list";
import type { CallOptions, Transport } from "../core/transport";
import type { ApiKey, BodyOf, QueryOf, Schema } from "../types";

const base = "/v1/api-keys";

/** Integrators' secret keys. The full key is in the create response only. */
export function apiKeys(t: Transport) {
  return {
    list: (filter?: QueryOf<typeof base>, options?: CallOptions) => listOf<ApiKey>(t, base, filter, options),
    create: (body: BodyOf<typeof base, "post">, options?: CallOptions) =>
      t.request<Schema<"CreatedApiKey", ApiKey & { key: string }>>("POST", base, { ...options, body }),
    /** Revokes at once; answers with the revoked key. */
    revoke: (id: string, options?: CallOptions) =>
      t.request<ApiKey>("DELETE", `${base}/${encodeURIComponent(id)}`, options),
  };
}

export type ApiKeysResource = ReturnType<typeof apiKeys>;
