import { auth } from "@lk/sdk/auth";
import { transport } from "../api/client";
import type { Me, Role } from "../api/types";

// Who is signed in. `me` decides which navigation and which write actions exist at all: a viewer
// never sees a button the API would refuse.

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

const rank: Record<Role, number> = { viewer: 0, accountant: 1, admin: 2 };
/** Pay, transfer, order, open requests: accountants and admins. */
export const canWrite = (): boolean => !!me && rank[me.role] >= 1 && !me.password_change_required;
/** Users, keys, webhooks, company settings: admins. */
export const isAdmin = (): boolean => me?.role === "admin" && !me.password_change_required;

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
