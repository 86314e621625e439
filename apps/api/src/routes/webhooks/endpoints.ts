import { createRoute } from "@hono/zod-openapi";
import {
  CreateWebhookEndpointRequest,
  IdParam,
  ListQuery,
  RotatedWebhookSecret,
  UpdateWebhookEndpointRequest,
  WebhookEndpoint,
  WebhookEndpointList,
  WebhookEndpointWithSecret,
} from "@lk/contracts";
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  getWebhookEndpoint,
  listWebhookEndpoints,
  rotateWebhookSecret,
  updateWebhookEndpoint,
} from "@lk/core";
import { ctxOf } from "../../http/context";
import { bearerAuth, json, jsonBody, problems } from "../../http/openapi";
import { createRouter } from "../../http/router";

const tags = ["Webhooks"];
const who = "Company admins, or an API key with the `webhooks:write` scope.";

export const webhookEndpointRoutes = createRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/v1/webhook-endpoints",
      operationId: "createWebhookEndpoint",
      tags,
      summary: "Register a webhook endpoint",
      description: `${who} The response carries the signing secret; it is not shown again (rotate it to get a new one).`,
      security: bearerAuth,
      request: { body: jsonBody(CreateWebhookEndpointRequest) },
      responses: { 201: json(WebhookEndpointWithSecret, "Created"), ...problems(400, 401, 403) },
    }),
    async (c) => c.json(await createWebhookEndpoint({ ctx: ctxOf(c), input: c.req.valid("json") }), 201),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/v1/webhook-endpoints",
      operationId: "listWebhookEndpoints",
      tags,
      summary: "List webhook endpoints, newest first",
      description: who,
      security: bearerAuth,
      request: { query: ListQuery },
      responses: { 200: json(WebhookEndpointList, "Endpoints"), ...problems(400, 401, 403) },
    }),
    async (c) => c.json(await listWebhookEndpoints({ ctx: ctxOf(c), input: c.req.valid("query") }), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/v1/webhook-endpoints/{id}",
      operationId: "getWebhookEndpoint",
      tags,
      summary: "Get a webhook endpoint",
      description: who,
      security: bearerAuth,
      request: { params: IdParam },
      responses: { 200: json(WebhookEndpoint, "The endpoint"), ...problems(400, 401, 403, 404) },
    }),
    async (c) => c.json(await getWebhookEndpoint({ ctx: ctxOf(c), input: c.req.valid("param") }), 200),
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/v1/webhook-endpoints/{id}",
      operationId: "updateWebhookEndpoint",
      tags,
      summary: "Change, disable or re-enable a webhook endpoint",
      description: `${who} \`status: "active"\` re-enables a disabled endpoint, clears its failure counters and resumes its waiting deliveries.`,
      security: bearerAuth,
      request: { params: IdParam, body: jsonBody(UpdateWebhookEndpointRequest) },
      responses: { 200: json(WebhookEndpoint, "Updated"), ...problems(400, 401, 403, 404) },
    }),
    async (c) =>
      c.json(
        await updateWebhookEndpoint({
          ctx: ctxOf(c),
          input: { ...c.req.valid("json"), ...c.req.valid("param") },
        }),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/v1/webhook-endpoints/{id}",
      operationId: "deleteWebhookEndpoint",
      tags,
      summary: "Delete a webhook endpoint",
      description: `${who} Pending deliveries are dropped (marked failed); the delivery log is kept.`,
      security: bearerAuth,
      request: { params: IdParam },
      responses: { 204: { description: "Deleted" }, ...problems(400, 401, 403, 404) },
    }),
    async (c) => {
      await deleteWebhookEndpoint({ ctx: ctxOf(c), input: c.req.valid("param") });
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/v1/webhook-endpoints/{id}/rotate-secret",
      operationId: "rotateWebhookEndpointSecret",
      tags,
      summary: "Rotate the signing secret",
      description: `${who} Returns the new secret once. For 24 hours every delivery is signed with both the new and the old secret.`,
      security: bearerAuth,
      request: { params: IdParam },
      responses: { 200: json(RotatedWebhookSecret, "New secret"), ...problems(400, 401, 403, 404) },
    }),
    async (c) => c.json(await rotateWebhookSecret({ ctx: ctxOf(c), input: c.req.valid("param") }), 200),
  );
