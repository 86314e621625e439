import { createRoute } from "@hono/zod-openapi";
import { IdParam, listOf, Service, ServiceListQuery } from "@lk/contracts";
import { getService, listServices } from "@lk/core";
import { ctxOf } from "../../http/context";
import { bearerAuth, json, problems } from "../../http/openapi";
import { createRouter } from "../../http/router";

const tags = ["Services"];

export const serviceRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/v1/services",
      operationId: "listServices",
      tags,
      summary: "Services on the company's accounts",
      security: bearerAuth,
      request: { query: ServiceListQuery },
      responses: { 200: json(listOf(Service, "ServiceList"), "Services"), ...problems(400, 401, 403) },
    }),
    async (c) => c.json(await listServices({ ctx: ctxOf(c), input: c.req.valid("query") }), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/v1/services/{id}",
      operationId: "getService",
      tags,
      summary: "One service",
      security: bearerAuth,
      request: { params: IdParam },
      responses: { 200: json(Service, "The service"), ...problems(400, 401, 403, 404) },
    }),
    async (c) => c.json(await getService({ ctx: ctxOf(c), input: c.req.valid("param") }), 200),
  );
