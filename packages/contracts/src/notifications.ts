import { z } from "@hono/zod-openapi";
import { ListQuery, listOf, Timestamp, Uuid } from "./common";

export const NotificationKind = z
  .enum([
    "low_balance",
    "invoice_issued",
    "payment_received",
    "promised_expiring",
    "autopay_failed",
    "account_resumed",
  ])
  .openapi("NotificationKind");

export const Notification = z
  .object({
    id: Uuid,
    kind: z.string(),
    title: z.string(),
    body: z.string(),
    data: z.record(z.string(), z.unknown()),
    read_at: Timestamp.nullable(),
    created_at: Timestamp,
  })
  .openapi("Notification");
export const NotificationList = listOf(Notification, "NotificationList");
export const NotificationListQuery = ListQuery.extend({
  unread: z
    .enum(["true", "false"])
    .optional()
    .transform((v) => v === "true"),
});
export const MarkReadRequest = z
  .object({ ids: z.array(Uuid).max(1000).optional() })
  .strict()
  .openapi("MarkNotificationsRead");

export const NotificationPreference = z
  .object({ kind: NotificationKind, in_app: z.boolean(), email: z.boolean() })
  .strict()
  .openapi("NotificationPreference");
export const NotificationPreferences = z
  .object({ data: z.array(NotificationPreference) })
  .openapi("NotificationPreferences");
export const SetNotificationPreferencesRequest = z
  .object({ preferences: z.array(NotificationPreference).min(1).max(20) })
  .strict()
  .openapi("SetNotificationPreferencesRequest");
