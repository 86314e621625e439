import { listOf } from "../core/list";
import type { CallOptions, Transport } from "../core/transport";
import type { BodyOf, Group, QueryOf } from "../types";

const base = "/v1/groups";
const at = (id: string) => `${base}/${encodeURIComponent(id)}`;

/** Account groups: how a company splits its accounts and restricts users to some of them. */
export function groups(t: Transport) {
  return {
    list: (filter?: QueryOf<typeof base>, options?: CallOptions) => listOf<Group>(t, base, filter, options),
    create: (body: BodyOf<typeof base, "post">, options?: CallOptions) =>
      t.request<Group>("POST", base, { ...options, body }),
    update: (id: string, body: BodyOf<"/v1/groups/{id}", "patch">, options?: CallOptions) =>
      t.request<Group>("PATCH", at(id), { ...options, body }),
    delete: (id: string, options?: CallOptions) => t.request<void>("DELETE", at(id), options),
  };
}

export type GroupsResource = ReturnType<typeof groups>;
