import { listOf } from "../core/list";
import type { CallOptions, Transport } from "../core/transport";
import { download } from "../download";
import type { Call, CallStats, QueryOf, Schema } from "../types";

const base = "/v1/calls";

/** Call detail records: the big table, keyset-paged. */
export function calls(t: Transport) {
  return {
    /** Filters such as `account_id`, `from`, `to` (Dates are sent as ISO 8601). */
    list: (filter?: QueryOf<typeof base>, options?: CallOptions) => listOf<Call>(t, base, filter, options),
    /** Totals of the selection (count, minutes, cost). */
    summary: (filter?: QueryOf<"/v1/calls/summary">, options?: CallOptions) =>
      t.request<Schema<"CallsSummary">>("GET", `${base}/summary`, { ...options, query: filter }),
    /** Grouped figures (`by`, `top`). */
    stats: (filter?: QueryOf<"/v1/calls/stats">, options?: CallOptions) =>
      t.request<CallStats>("GET", `${base}/stats`, { ...options, query: filter }),
    /** Streams the whole selection (`format=csv|xlsx`) without holding it in memory on either side. */
    export: (filter?: QueryOf<"/v1/calls/export">, options?: CallOptions) =>
      download(t, `${base}/export`, { ...options, query: filter }),
  };
}

export type CallsResource = ReturnType<typeof calls>;
