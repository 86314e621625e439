import { listOf } from "../core/list";
import type { CallOptions, Transport } from "../core/transport";
import type { BodyOf, QueryOf, Schema } from "../types";

const base = "/v1/autopay-rules";
const at = (id: string) => `${base}/${encodeURIComponent(id)}`;
type AutopayRule = Schema<"AutopayRule">;

/** Automatic top-ups from a saved card. */
export function autopayRules(t: Transport) {
  return {
    list: (filter?: QueryOf<typeof base>, options?: CallOptions) =>
      listOf<AutopayRule>(t, base, filter, options),
    get: (id: string, options?: CallOptions) => t.request<AutopayRule>("GET", at(id), options),
    create: (body: BodyOf<typeof base, "post">, options?: CallOptions) =>
      t.request<AutopayRule>("POST", base, { ...options, body }),
    update: (id: string, body: BodyOf<"/v1/autopay-rules/{id}", "patch">, options?: CallOptions) =>
      t.request<AutopayRule>("PATCH", at(id), { ...options, body }),
    delete: (id: string, options?: CallOptions) => t.request<void>("DELETE", at(id), options),
  };
}

export type AutopayRulesResource = ReturnType<typeof autopayRules>;
