import type { CallOptions, Transport } from "../core/transport";
import type { QueryOf, Schema } from "../types";

const base = "/v1/traffic";

/** Usage of minutes, SMS and data against the packages of a period. */
export function traffic(t: Transport) {
  return {
    get: (filter?: QueryOf<typeof base>, options?: CallOptions) =>
      t.request<Schema<"Traffic">>("GET", base, { ...options, query: filter }),
  };
}

export type TrafficResource = ReturnType<typeof traffic>;
