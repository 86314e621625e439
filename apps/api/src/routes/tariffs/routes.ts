import { createRoute } from "@hono/zod-openapi";
import { listOf, Tariff, TariffListQuery } from "@lk/contracts";
import { listTariffs } from "@lk/core";
import { ctxOf } from "../../http/context";
import { bearerAuth, json, problems } from "../../http/openapi";
import { createRouter } from "../../http/router";

export const tariffRoutes = createRouter().openapi(
  createRoute({
    method: "get",
    path: "/v1/tariffs",
    operationId: "listTariffs",
    tags: ["Services"],
    summary: "The tariff catalogue: monthly fees and per-minute rates by destination",
    description: "Prices are net of VAT, in kopecks. Ordered by code.",
    security: bearerAuth,
    request: { query: TariffListQuery },
    responses: { 200: json(listOf(Tariff, "TariffList"), "Tariffs"), ...problems(400, 401, 403) },
  }),
  async (c) => {
    const q = c.req.valid("query");
    return c.json(
      await listTariffs({ ctx: ctxOf(c), input: { ...q, include_inactive: q.include_inactive === "true" } }),
      200,
    );
  },
);
