import { listOf } from "../core/list";
import type { CallOptions, Transport } from "../core/transport";
import type { BodyOf, QueryOf, Schema } from "../types";

const base = "/v1/orders";
const at = (id: string, action = "") => `${base}/${encodeURIComponent(id)}${action}`;
type OrderDetail = Schema<"OrderDetail">;

/** Orders to connect, change or disconnect services. */
export function orders(t: Transport) {
  return {
    create: (body: BodyOf<typeof base, "post">, options?: CallOptions) =>
      t.request<OrderDetail>("POST", base, { ...options, body }),
    list: (filter?: QueryOf<typeof base>, options?: CallOptions) =>
      listOf<Schema<"Order">>(t, base, filter, options),
    get: (id: string, options?: CallOptions) => t.request<OrderDetail>("GET", at(id), options),
    cancel: (id: string, options?: CallOptions) => t.request<OrderDetail>("POST", at(id, "/cancel"), options),
  };
}

export type OrdersResource = ReturnType<typeof orders>;
