import { createRoute, z } from "@hono/zod-openapi";
import { requireOperator } from "@lk/core";
import { ctxOf } from "../http/context";
import { operatorAuth, problems } from "../http/openapi";
import { createRouter } from "../http/router";

/** `/metrics` on the API's own port, for the operator key only (LK_METRICS_PORT serves it apart). */
export const metricsRoutes = createRouter().openapi(
  createRoute({
    method: "get",
    path: "/metrics",
    operationId: "getMetrics",
    tags: ["Operator: operations"],
    summary: "Prometheus metrics of this process (of all its workers under LK_WORKERS)",
    description:
      "The Prometheus text format (version 0.0.4). Behind the operator key; set `LK_METRICS_PORT` to serve it on a port of its own for a scraper inside your network. See docs/operations.md for the series.",
    security: operatorAuth,
    responses: {
      200: {
        description: "The metrics",
        content: { "text/plain": { schema: z.string() } },
      },
      ...problems(401, 403),
    },
  }),
  async (c) => {
    requireOperator(ctxOf(c));
    const { exposition } = c.get("deps").metrics;
    return c.text(await exposition.metrics(), 200, { "Content-Type": exposition.contentType });
  },
);
