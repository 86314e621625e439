import type { CallOptions, Transport } from "../core/transport";
import type { QueryOf, Schema } from "../types";

const base = "/v1/balance";

/**
 * A balance that explains itself — opening, charges, payments, other, closing — for a `period`
 * (`YYYY-MM`) or days (`from`, `to`), per account, group or the whole company.
 */
export function balance(t: Transport) {
  return {
    get: (filter?: QueryOf<typeof base>, options?: CallOptions) =>
      t.request<Schema<"BalanceReport", Record<string, unknown>>>("GET", base, { ...options, query: filter }),
  };
}

export type BalanceResource = ReturnType<typeof balance>;
