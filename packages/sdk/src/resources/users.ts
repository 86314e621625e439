import { listOf } from "../core/list";
import type { CallOptions, Transport } from "../core/transport";
import type { BodyOf, QueryOf, Schema, User } from "../types";

const base = "/v1/users";
const at = (id: string, action = "") => `${base}/${encodeURIComponent(id)}${action}`;

/** Colleagues with access to the company's cabinet (admins only). */
export function users(t: Transport) {
  return {
    list: (filter?: QueryOf<typeof base>, options?: CallOptions) => listOf<User>(t, base, filter, options),
    /** Sends the invitation; the colleague sets a password from its link. */
    invite: (body: BodyOf<typeof base, "post">, options?: CallOptions) =>
      t.request<Schema<"Invitation">>("POST", base, { ...options, body }),
    /** Role, name and the like. */
    update: (id: string, body: BodyOf<"/v1/users/{id}", "patch">, options?: CallOptions) =>
      t.request<User>("PATCH", at(id), { ...options, body }),
    /** Which account groups the user sees (replaces the whole set). */
    setGroups: (id: string, body: BodyOf<"/v1/users/{id}/groups", "put">, options?: CallOptions) =>
      t.request<User>("PUT", at(id, "/groups"), { ...options, body }),
    block: (id: string, options?: CallOptions) => t.request<User>("POST", at(id, "/block"), options),
    unblock: (id: string, options?: CallOptions) => t.request<User>("POST", at(id, "/unblock"), options),
    /** Issues a temporary password, shown once in the response. */
    resetPassword: (id: string, options?: CallOptions) =>
      t.request<Schema<"IssuedCredentials">>("POST", at(id, "/reset-password"), options),
  };
}

export type UsersResource = ReturnType<typeof users>;
