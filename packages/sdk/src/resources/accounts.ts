import { listOf } from "../core/list";
import type { CallOptions, Transport } from "../core/transport";
import type { Account, QueryOf } from "../types";

const base = "/v1/accounts";

/** Personal accounts (лицевые счета) of the company, narrowed to the user's groups. */
export function accounts(t: Transport) {
  return {
    /** Filters such as `status`, `group_id`, `q` (number or name); iterate or page. */
    list: (filter?: QueryOf<typeof base>, options?: CallOptions) => listOf<Account>(t, base, filter, options),
    get: (id: string, options?: CallOptions) =>
      t.request<Account>("GET", `${base}/${encodeURIComponent(id)}`, options),
  };
}

export type AccountsResource = ReturnType<typeof accounts>;
