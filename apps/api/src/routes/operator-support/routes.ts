import { createRoute } from "@hono/zod-openapi";
import {
  IdParam,
  listOf,
  OperatorSupportAnswer,
  OperatorSupportListQuery,
  OperatorSupportRequest,
  SupportStatusChange,
} from "@lk/contracts";
import { answerSupport, getOperatorSupport, listOperatorSupport, setSupportStatus } from "@lk/core";
import { ctxOf } from "../../http/context";
import { json, jsonBody, operatorAuth, problems } from "../../http/openapi";
import { createRouter } from "../../http/router";

const tags = ["Operator"];

export const operatorSupportRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/v1/operator/support/requests",
      operationId: "operatorListSupportRequests",
      tags,
      summary: "All support requests (back office), most recently updated first",
      security: operatorAuth,
      request: { query: OperatorSupportListQuery },
      responses: {
        200: json(listOf(OperatorSupportRequest, "OperatorSupportRequestList"), "Requests"),
        ...problems(400, 401),
      },
    }),
    async (c) => c.json(await listOperatorSupport({ ctx: ctxOf(c), input: c.req.valid("query") }), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/v1/operator/support/requests/{id}",
      operationId: "operatorGetSupportRequest",
      tags,
      summary: "One request with its thread",
      security: operatorAuth,
      request: { params: IdParam },
      responses: { 200: json(OperatorSupportRequest, "The request"), ...problems(400, 401, 404) },
    }),
    async (c) => c.json(await getOperatorSupport({ ctx: ctxOf(c), input: c.req.valid("param") }), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/v1/operator/support/requests/{id}/answer",
      operationId: "answerSupportRequest",
      tags,
      summary: "Answer in the thread (status default waiting_for_customer); the author gets an e-mail",
      security: operatorAuth,
      request: { params: IdParam, body: jsonBody(OperatorSupportAnswer) },
      responses: { 200: json(OperatorSupportRequest, "Answered"), ...problems(400, 401, 404) },
    }),
    async (c) =>
      c.json(
        await answerSupport({ ctx: ctxOf(c), input: { ...c.req.valid("param"), ...c.req.valid("json") } }),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/v1/operator/support/requests/{id}/status",
      operationId: "setSupportRequestStatus",
      tags,
      summary: "Set the status of a request",
      security: operatorAuth,
      request: { params: IdParam, body: jsonBody(SupportStatusChange) },
      responses: { 200: json(OperatorSupportRequest, "Updated"), ...problems(400, 401, 404) },
    }),
    async (c) =>
      c.json(
        await setSupportStatus({ ctx: ctxOf(c), input: { ...c.req.valid("param"), ...c.req.valid("json") } }),
        200,
      ),
  );
