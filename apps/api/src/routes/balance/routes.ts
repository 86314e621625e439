import { createRoute } from "@hono/zod-openapi";
import { BalanceQuery, BalanceReport } from "@lk/contracts";
import { balanceReport } from "@lk/core";
import { ctxOf } from "../../http/context";
import { bearerAuth, json, problems } from "../../http/openapi";
import { createRouter } from "../../http/router";

export const balanceRoutes = createRouter().openapi(
  createRoute({
    method: "get",
    path: "/v1/balance",
    operationId: "getBalance",
    tags: ["Balance"],
    summary: "A balance that explains itself: opening, charges, payments, other, closing",
    description:
      "For a period (`period=YYYY-MM`) or days (`from`, `to`, inclusive), per account (`account_id`), group with subgroups (`group_id`) or the whole company (neither). `closing_balance = opening_balance − charges + payments + other`; `by_kind` breaks the movement down by ledger entry kind.",
    security: bearerAuth,
    request: { query: BalanceQuery },
    responses: { 200: json(BalanceReport, "Balance report"), ...problems(400, 401, 403, 404) },
  }),
  async (c) => c.json(await balanceReport({ ctx: ctxOf(c), input: c.req.valid("query") }), 200),
);
