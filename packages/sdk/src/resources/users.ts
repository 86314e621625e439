import { listOf } from "../core/list";
import type { CallOptions, Transport } from "../core/transport";
import type { BodyOf, QueryOf, User } from "../types";

const base = "/v1/users";
const at = (id: string, action = "") => `${base}/${encodeURIComponent(id)}${action}`;

/** Colleagues with access to the company's cabinet (admins only). */
export function users(t: Transport) {
  return {
    list: (filter?: QueryOf<typeof base>, options?: CallOptions) => listOf<User>(t, base, filter, options),
    get: (id: string, options?: CallOptions) => t.request<User>("GET", at(id), options),
    /** Sends the invitation e-mail; the user sets a password from its link. */
    invite: (body: BodyOf<typeof base, "post">, options?: CallOptions) =>
      t.request<User>("POST", base, { ...options, body }),
    /** Role and account groups (`{ role, group_ids }`). */
    update: (id: string, body: BodyOf<"/v1/users/{id}", "patch">, options?: CallOptions) =>
      t.request<User>("PATCH", at(id), { ...options, body }),
    block: (id: string, options?: CallOptions) => t.request<User>("POST", at(id, "/block"), options),
    unblock: (id: string, options?: CallOptions) => t.request<User>("POST", at(id, "/unblock"), options),
  };
}

export type UsersResource = ReturnType<typeof users>;
