import { listOf } from "../core/list";
import type { CallOptions, Transport } from "../core/transport";
import { download } from "../download";
import type { BodyOf, QueryOf, Schema } from "../types";

const base = "/v1/support/requests";
const at = (id: string, action = "") => `${base}/${encodeURIComponent(id)}${action}`;
type Detail = Schema<"SupportRequestDetail">;

/** Requests to the operator's support. Pass a `FormData` body to attach files. */
export function support(t: Transport) {
  return {
    list: (filter?: QueryOf<typeof base>, options?: CallOptions) =>
      listOf<Schema<"SupportRequest">>(t, base, filter, options),
    get: (id: string, options?: CallOptions) => t.request<Detail>("GET", at(id), options),
    create: (body: BodyOf<typeof base, "post"> | FormData, options?: CallOptions) =>
      t.request<Detail>("POST", base, { ...options, body }),
    reply: (
      id: string,
      body: BodyOf<"/v1/support/requests/{id}/messages", "post"> | FormData,
      options?: CallOptions,
    ) => t.request<Detail>("POST", at(id, "/messages"), { ...options, body }),
    close: (id: string, options?: CallOptions) => t.request<Detail>("POST", at(id, "/close"), options),
    attachment: (id: string, attachmentId: string, options?: CallOptions) =>
      download(t, at(id, `/attachments/${encodeURIComponent(attachmentId)}`), options),
  };
}

export type SupportResource = ReturnType<typeof support>;
