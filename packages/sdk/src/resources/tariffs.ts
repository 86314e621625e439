import { listOf } from "../core/list";
import type { CallOptions, Transport } from "../core/transport";
import type { QueryOf, Schema } from "../types";

const base = "/v1/tariffs";

/** The operator's tariffs and service catalogue. */
export function tariffs(t: Transport) {
  return {
    list: (filter?: QueryOf<typeof base>, options?: CallOptions) =>
      listOf<Schema<"Tariff">>(t, base, filter, options),
  };
}

export type TariffsResource = ReturnType<typeof tariffs>;
