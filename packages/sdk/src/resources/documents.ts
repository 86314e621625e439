import { listOf } from "../core/list";
import type { CallOptions, Transport } from "../core/transport";
import { download } from "../download";
import type { Document, QueryOf } from "../types";

const base = "/v1/documents";
const at = (id: string) => `${base}/${encodeURIComponent(id)}`;

/** Closing documents (acts, invoice-facturas, reconciliation reports). */
export function documents(t: Transport) {
  return {
    list: (filter?: QueryOf<typeof base>, options?: CallOptions) =>
      listOf<Document>(t, base, filter, options),
    get: (id: string, options?: CallOptions) => t.request<Document>("GET", at(id), options),
    pdf: (id: string, options?: CallOptions) => download(t, `${at(id)}/pdf`, options),
  };
}

export type DocumentsResource = ReturnType<typeof documents>;
