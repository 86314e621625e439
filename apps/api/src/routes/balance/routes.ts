import { createRoute } from "@hono/zod-openapi";
import { BalanceQuery, BalanceReport, ChargesByGroupQuery, ChargesByGroupReport } from "@lk/contracts";
import { balanceReport, chargesByGroup } from "@lk/core";
import { ctxOf } from "../../http/context";
import { bearerAuth, json, problems } from "../../http/openapi";
import { createRouter } from "../../http/router";

export const balanceRoutes = createRouter()
  .openapi(
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
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/v1/balance/charges-by-group",
      operationId: "getChargesByGroup",
      tags: ["Balance"],
      summary: "Charges per top-level group and month, in one answer",
      description:
        "What each top-level group the caller sees (with its subgroups) was charged in each of `months` months up to `period` (default: this month and the last). Accounts with no group come as one row with `group_id: null` when they were charged. The overview's spending chart reads this instead of a balance report per group and month (ADR 0097).",
      security: bearerAuth,
      request: { query: ChargesByGroupQuery },
      responses: {
        200: json(ChargesByGroupReport, "Charges per group and month"),
        ...problems(400, 401, 403),
      },
    }),
    async (c) => c.json(await chargesByGroup({ ctx: ctxOf(c), input: c.req.valid("query") }), 200),
  );
