import { listOf } from "../core/list";
import type { CallOptions, Transport } from "../core/transport";
import { download } from "../download";
import type { Invoice, InvoiceDetail, QueryOf } from "../types";

const base = "/v1/invoices";
const at = (id: string) => `${base}/${encodeURIComponent(id)}`;

/** Invoices (счета), by `period`, `account_id`, `group_id`, `status`, `kind`, `number`. */
export function invoices(t: Transport) {
  return {
    list: (filter?: QueryOf<typeof base>, options?: CallOptions) => listOf<Invoice>(t, base, filter, options),
    get: (id: string, options?: CallOptions) => t.request<InvoiceDetail>("GET", at(id), options),
    pdf: (id: string, options?: CallOptions) => download(t, `${at(id)}/pdf`, options),
  };
}

export type InvoicesResource = ReturnType<typeof invoices>;
