import { type Permission, roleMay } from "@lk/contracts/permissions";
import { auth } from "@lk/sdk/auth";
import { transport } from "../api/client";
import type { Me, Role } from "../api/types";

// Who is signed in. `me` decides which navigation and which actions exist at all: nobody sees a
// button the API would refuse.

export const authApi = auth(transport);

let me: Me | null = null;
type Listener = () => void;
const listeners = new Set<Listener>();

export const currentUser = (): Me | null => me;
export function setUser(next: Me | null) {
  me = next;
  for (const fn of listeners) fn();
}
export const onSession = (fn: Listener) => {
  listeners.add(fn);
  return () => listeners.delete(fn);
};

/**
 * Whether the signed-in user may do `permission` — from the same role map the API enforces
 * (@lk/contracts/permissions), so a control shown is a control the API accepts.
 */
export const can = (permission: Permission): boolean =>
  !!me && !me.password_change_required && roleMay(me.role as Role, permission);

/** On load: a refresh through the httpOnly cookie restores the session without a password. */
export async function restore(): Promise<Me | null> {
  try {
    await authApi.refresh();
    const m = await authApi.me();
    setUser(m);
    return m;
  } catch {
    setUser(null);
    return null;
  }
}
