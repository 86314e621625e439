import { createRoute } from "@hono/zod-openapi";
import {
  IdParam,
  listOf,
  OperatorOrder,
  OperatorOrderListQuery,
  TransitionOrderRequest,
} from "@lk/contracts";
import { listOperatorOrders, transitionOrder } from "@lk/core";
import { ctxOf } from "../../http/context";
import { json, jsonBody, operatorAuth, problems } from "../../http/openapi";
import { createRouter } from "../../http/router";

const tags = ["Operator"];

export const operatorOrderRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/v1/operator/orders",
      operationId: "operatorListOrders",
      tags,
      summary: "All companies' orders (back office)",
      security: operatorAuth,
      request: { query: OperatorOrderListQuery },
      responses: { 200: json(listOf(OperatorOrder, "OperatorOrderList"), "Orders"), ...problems(400, 401) },
    }),
    async (c) => c.json(await listOperatorOrders({ ctx: ctxOf(c), input: c.req.valid("query") }), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/v1/operator/orders/{id}/transition",
      operationId: "transitionOrder",
      tags,
      summary: "Move an order on: in_progress, done (changes the service) or rejected",
      description:
        "new → in_progress | done | rejected; in_progress → done | rejected. `done` applies the order to the service in the same transaction and records it in the service history; the author gets an e-mail on every change.",
      security: operatorAuth,
      request: { params: IdParam, body: jsonBody(TransitionOrderRequest) },
      responses: { 200: json(OperatorOrder, "Moved"), ...problems(400, 401, 404, 409) },
    }),
    async (c) =>
      c.json(
        await transitionOrder({ ctx: ctxOf(c), input: { ...c.req.valid("param"), ...c.req.valid("json") } }),
        200,
      ),
  );
