import { createRoute } from "@hono/zod-openapi";
import { Traffic, TrafficQuery } from "@lk/contracts";
import { getTraffic } from "@lk/core";
import { bearerAuth, json, problems } from "../../http/openapi";
import { createRouter } from "../../http/router";
import { onReplica } from "../../replica/on-replica";

export const trafficRoutes = createRouter().openapi(
  createRoute({
    method: "get",
    path: "/v1/traffic",
    operationId: "getTraffic",
    tags: ["Calls"],
    summary: "Internet traffic of a month: totals, per service and per day",
    security: bearerAuth,
    request: { query: TrafficQuery },
    responses: { 200: json(Traffic, "Traffic"), ...problems(400, 401, 403, 404) },
  }),
  async (c) => c.json(await onReplica(c, (ctx) => getTraffic({ ctx, input: c.req.valid("query") })), 200),
);
