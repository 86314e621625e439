import { createRoute } from "@hono/zod-openapi";
import { IdParam, WebhookDelivery, WebhookDeliveryList, WebhookDeliveryListQuery } from "@lk/contracts";
import { listWebhookDeliveries, resendWebhookDelivery, sendTestWebhook } from "@lk/core";
import { ctxOf } from "../../http/context";
import { bearerAuth, json, problems } from "../../http/openapi";
import { createRouter } from "../../http/router";

const tags = ["Webhooks"];
const who = "Company admins, or an API key with the `webhooks:write` scope.";

export const webhookDeliveryRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/v1/webhook-endpoints/{id}/deliveries",
      operationId: "listWebhookDeliveries",
      tags,
      summary: "The endpoint's delivery log, newest first",
      description: `${who} Filter with \`status\`.`,
      security: bearerAuth,
      request: { params: IdParam, query: WebhookDeliveryListQuery },
      responses: { 200: json(WebhookDeliveryList, "Deliveries"), ...problems(400, 401, 403, 404) },
    }),
    async (c) =>
      c.json(
        await listWebhookDeliveries({
          ctx: ctxOf(c),
          input: { ...c.req.valid("query"), endpointId: c.req.valid("param").id },
        }),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/v1/webhook-endpoints/{id}/test",
      operationId: "testWebhookEndpoint",
      tags,
      summary: "Send a `webhook.test` event to this endpoint",
      description: `${who} Queued at once; watch the delivery log for the outcome.`,
      security: bearerAuth,
      request: { params: IdParam },
      responses: { 202: json(WebhookDelivery, "Queued"), ...problems(400, 401, 403, 404, 409) },
    }),
    async (c) => c.json(await sendTestWebhook({ ctx: ctxOf(c), input: c.req.valid("param") }), 202),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/v1/webhook-deliveries/{id}/resend",
      operationId: "resendWebhookDelivery",
      tags,
      summary: "Send a delivery again",
      description: `${who} Same \`webhook-id\` (dedupe by it), a fresh retry schedule. 409 while the endpoint is disabled.`,
      security: bearerAuth,
      request: { params: IdParam },
      responses: { 202: json(WebhookDelivery, "Queued"), ...problems(400, 401, 403, 404, 409) },
    }),
    async (c) => c.json(await resendWebhookDelivery({ ctx: ctxOf(c), input: c.req.valid("param") }), 202),
  );
