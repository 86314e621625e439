import { listOf } from "../core/list";
import type { CallOptions, Transport } from "../core/transport";
import type { QueryOf, Schema } from "../types";

const base = "/v1/bonuses";

/** The bonus balance and its history. */
export function bonuses(t: Transport) {
  return {
    /** The balance with the first page of entries. */
    get: (filter?: QueryOf<typeof base>, options?: CallOptions) =>
      t.request<Schema<"Bonuses">>("GET", base, { ...options, query: filter }),
    /** Every entry, page after page. */
    entries: (filter?: QueryOf<typeof base>, options?: CallOptions) =>
      listOf<Schema<"BonusEntry">>(t, base, filter, options),
  };
}

export type BonusesResource = ReturnType<typeof bonuses>;
