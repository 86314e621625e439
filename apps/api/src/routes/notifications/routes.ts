import { createRoute, z } from "@hono/zod-openapi";
import {
  MarkReadRequest,
  NotificationList,
  NotificationListQuery,
  NotificationPreferences,
  SetNotificationPreferencesRequest,
} from "@lk/contracts";
import {
  getNotificationPreferences,
  listNotifications,
  markNotificationsRead,
  setNotificationPreferences,
} from "@lk/core";
import { ctxOf } from "../../http/context";
import { bearerAuth, json, jsonBody, problems } from "../../http/openapi";
import { createRouter } from "../../http/router";

const tags = ["Notifications"];

export const notificationRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/v1/notifications",
      operationId: "listNotifications",
      tags,
      summary: "My in-app notifications",
      security: bearerAuth,
      request: { query: NotificationListQuery },
      responses: { 200: json(NotificationList, "Notifications"), ...problems(400, 401, 403) },
    }),
    async (c) => c.json(await listNotifications({ ctx: ctxOf(c), input: c.req.valid("query") }), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/v1/notifications/read",
      operationId: "markNotificationsRead",
      tags,
      summary: "Mark notifications read (all when `ids` is absent)",
      security: bearerAuth,
      request: { body: jsonBody(MarkReadRequest) },
      responses: { 200: json(z.object({ updated: z.number().int() }), "Marked"), ...problems(400, 401, 403) },
    }),
    async (c) => c.json(await markNotificationsRead({ ctx: ctxOf(c), input: c.req.valid("json") }), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/v1/notification-preferences",
      operationId: "getNotificationPreferences",
      tags,
      summary: "My notification channels per kind",
      security: bearerAuth,
      responses: { 200: json(NotificationPreferences, "Preferences"), ...problems(401, 403) },
    }),
    async (c) => c.json(await getNotificationPreferences({ ctx: ctxOf(c) }), 200),
  )
  .openapi(
    createRoute({
      method: "put",
      path: "/v1/notification-preferences",
      operationId: "setNotificationPreferences",
      tags,
      summary: "Set channels (in-app, e-mail) per notification kind",
      security: bearerAuth,
      request: { body: jsonBody(SetNotificationPreferencesRequest) },
      responses: { 200: json(NotificationPreferences, "Saved"), ...problems(400, 401, 403) },
    }),
    async (c) => c.json(await setNotificationPreferences({ ctx: ctxOf(c), input: c.req.valid("json") }), 200),
  );
