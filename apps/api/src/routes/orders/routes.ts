import { createRoute } from "@hono/zod-openapi";
import { CreateOrderRequest, IdParam, listOf, Order, OrderDetail, OrderListQuery } from "@lk/contracts";
import { cancelOrder, createOrder, getOrder, listOrders } from "@lk/core";
import { ctxOf } from "../../http/context";
import { bearerAuth, json, jsonBody, problems } from "../../http/openapi";
import { createRouter } from "../../http/router";

const tags = ["Orders"];

export const orderRoutes = createRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/v1/orders",
      operationId: "createOrder",
      tags,
      summary: "Order a service change (connect, disconnect, change tariff, suspend, resume)",
      description:
        "`connect` needs `tariff_id`; `disconnect`, `suspend`, `resume` need `service_id`; `change_tariff` needs both. One open order per service (409 `order_pending`).",
      security: bearerAuth,
      request: { body: jsonBody(CreateOrderRequest) },
      responses: { 201: json(OrderDetail, "Created (status new)"), ...problems(400, 401, 403, 404, 409) },
    }),
    async (c) => c.json(await createOrder({ ctx: ctxOf(c), input: c.req.valid("json") }), 201),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/v1/orders",
      operationId: "listOrders",
      tags,
      summary: "The company's orders, newest first",
      security: bearerAuth,
      request: { query: OrderListQuery },
      responses: { 200: json(listOf(Order, "OrderList"), "Orders"), ...problems(400, 401, 403) },
    }),
    async (c) => c.json(await listOrders({ ctx: ctxOf(c), input: c.req.valid("query") }), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/v1/orders/{id}",
      operationId: "getOrder",
      tags,
      summary: "An order with its status timeline",
      security: bearerAuth,
      request: { params: IdParam },
      responses: { 200: json(OrderDetail, "The order"), ...problems(400, 401, 403, 404) },
    }),
    async (c) => c.json(await getOrder({ ctx: ctxOf(c), input: c.req.valid("param") }), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/v1/orders/{id}/cancel",
      operationId: "cancelOrder",
      tags,
      summary: "Cancel an order the operator has not taken yet (status new)",
      security: bearerAuth,
      request: { params: IdParam },
      responses: { 200: json(OrderDetail, "Cancelled"), ...problems(400, 401, 403, 404, 409) },
    }),
    async (c) => c.json(await cancelOrder({ ctx: ctxOf(c), input: c.req.valid("param") }), 200),
  );
