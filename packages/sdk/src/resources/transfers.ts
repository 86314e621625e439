import { listOf } from "../core/list";
import type { CallOptions, Transport } from "../core/transport";
import type { BodyOf, QueryOf, Schema } from "../types";

const base = "/v1/transfers";
type Transfer = Schema<"Transfer">;

/** Money moved between the company's accounts. */
export function transfers(t: Transport) {
  return {
    create: (body: BodyOf<typeof base, "post">, options?: CallOptions) =>
      t.request<Transfer>("POST", base, { ...options, body }),
    list: (filter?: QueryOf<typeof base>, options?: CallOptions) =>
      listOf<Transfer>(t, base, filter, options),
  };
}

export type TransfersResource = ReturnType<typeof transfers>;
