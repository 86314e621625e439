import type { CallOptions, Transport } from "../core/transport";
import type { BalanceReport, ChargesByGroupReport, QueryOf } from "../types";

const base = "/v1/balance";

type Rest = Omit<QueryOf<typeof base>, "period" | "from" | "to">;
/**
 * The server needs a month (`period`, `YYYY-MM`) or a day range (`from` and `to`, inclusive dates):
 * the type says so, so `get({})` or `get({ from })` do not compile.
 */
export type BalanceQuery = Rest &
  ({ period: string; from?: never; to?: never } | { period?: never; from: string | Date; to: string | Date });

/**
 * A balance that explains itself — opening, charges, payments, other, closing — for a `period`
 * (`YYYY-MM`) or days (`from`, `to`), per account, group or the whole company.
 */
export function balance(t: Transport) {
  return {
    get: (filter: BalanceQuery, options?: CallOptions) =>
      t.request<BalanceReport>("GET", base, { ...options, query: filter }),
    /**
     * Charges per top-level group and month in one answer — `months` months up to `period`
     * (default this month and the last): what a spending chart needs, without a report per group.
     */
    chargesByGroup: (filter: QueryOf<`${typeof base}/charges-by-group`> = {}, options?: CallOptions) =>
      t.request<ChargesByGroupReport>("GET", `${base}/charges-by-group`, { ...options, query: filter }),
  };
}

export type BalanceResource = ReturnType<typeof balance>;
