import { listOf } from "../core/list";
import type { CallOptions, Transport } from "../core/transport";
import type { QueryOf, Schema } from "../types";

const base = "/v1/services";
type Service = Schema<"Service">;

/** Services connected on the company's accounts; order or disconnect them through `orders`. */
export function services(t: Transport) {
  return {
    list: (filter?: QueryOf<typeof base>, options?: CallOptions) => listOf<Service>(t, base, filter, options),
    get: (id: string, options?: CallOptions) =>
      t.request<Service>("GET", `${base}/${encodeURIComponent(id)}`, options),
  };
}

export type ServicesResource = ReturnType<typeof services>;
