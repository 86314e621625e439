import { listOf } from "../core/list";
import type { CallOptions, Transport } from "../core/transport";
import type { BodyOf, QueryOf, Schema } from "../types";

const base = "/v1/notifications";
const prefs = "/v1/notification-preferences";
type Preferences = Schema<"NotificationPreferences", Record<string, unknown>>;

/** In-cabinet notifications and which of them also go by e-mail or SMS. */
export function notifications(t: Transport) {
  return {
    list: (filter?: QueryOf<typeof base>, options?: CallOptions) =>
      listOf<Schema<"Notification">>(t, base, filter, options),
    markRead: (body: BodyOf<"/v1/notifications/read", "post">, options?: CallOptions) =>
      t.request<{ updated: number }>("POST", `${base}/read`, { ...options, body }),
    preferences: (options?: CallOptions) => t.request<Preferences>("GET", prefs, options),
    setPreferences: (body: BodyOf<typeof prefs, "put">, options?: CallOptions) =>
      t.request<Preferences>("PUT", prefs, { ...options, body }),
  };
}

export type NotificationsResource = ReturnType<typeof notifications>;
