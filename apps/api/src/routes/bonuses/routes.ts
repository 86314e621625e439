import { createRoute } from "@hono/zod-openapi";
import { Bonuses, ListQuery } from "@lk/contracts";
import { getBonuses } from "@lk/core";
import { ctxOf } from "../../http/context";
import { bearerAuth, json, problems } from "../../http/openapi";
import { createRouter } from "../../http/router";

export const bonusRoutes = createRouter().openapi(
  createRoute({
    method: "get",
    path: "/v1/bonuses",
    operationId: "getBonuses",
    tags: ["Bonuses"],
    summary: "Bonus balance and history",
    description: "Spend bonuses with `use_bonus` on POST /v1/payments.",
    security: bearerAuth,
    request: { query: ListQuery },
    responses: { 200: json(Bonuses, "Balance and history"), ...problems(400, 401, 403) },
  }),
  async (c) => c.json(await getBonuses({ ctx: ctxOf(c), input: c.req.valid("query") }), 200),
);
