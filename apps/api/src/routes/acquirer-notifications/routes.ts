import { createRoute } from "@hono/zod-openapi";
import { NotificationAck } from "@lk/contracts";
import { handleAcquirerNotification } from "@lk/core";
import { ctxOf } from "../../http/context";
import { json, problems } from "../../http/openapi";
import { createRouter } from "../../http/router";

export const acquirerNotificationRoutes = createRouter().openapi(
  createRoute({
    method: "post",
    path: "/v1/acquirer/notifications",
    operationId: "receiveAcquirerNotification",
    tags: ["Payments"],
    summary: "Acquirer notifications (server to server)",
    description:
      "No bearer auth: the acquirer's HMAC signature over the raw body and a timestamp within 5 minutes authenticate it; a forged or stale one is 400 and changes nothing. Each event id is applied once; repeats and out-of-order events answer 200 and change nothing.",
    security: [],
    responses: { 200: json(NotificationAck, "Accepted (applied, duplicate or ignored)"), ...problems(400) },
  }),
  async (c) => {
    // The signature covers the exact bytes: read the raw text before anything parses it.
    const rawBody = await c.req.text();
    const res = await handleAcquirerNotification({
      ctx: ctxOf(c),
      input: { rawBody, headers: c.req.raw.headers },
      acquirer: c.get("deps").acquirer,
    });
    return c.json(res, 200);
  },
);
