import { createRoute } from "@hono/zod-openapi";
import {
  AutopayRule,
  AutopayRuleList,
  CreateAutopayRuleRequest,
  IdParam,
  RemovedSavedCard,
  SavedCardList,
  UpdateAutopayRuleRequest,
} from "@lk/contracts";
import {
  createAutopayRule,
  deleteAutopayRule,
  getAutopayRule,
  listAutopayRules,
  listSavedCards,
  removeSavedCard,
  updateAutopayRule,
} from "@lk/core";
import { ctxOf } from "../../http/context";
import { bearerAuth, json, jsonBody, problems } from "../../http/openapi";
import { createRouter } from "../../http/router";

const tags = ["Autopay"];

export const autopayRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/v1/autopay-rules",
      operationId: "listAutopayRules",
      tags,
      summary: "Autopay rules",
      security: bearerAuth,
      responses: { 200: json(AutopayRuleList, "Rules"), ...problems(401, 403) },
    }),
    async (c) => c.json(await listAutopayRules({ ctx: ctxOf(c) }), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/v1/autopay-rules",
      operationId: "createAutopayRule",
      tags,
      summary: "Create an autopay rule (threshold top-up or monthly debt payoff) with a saved card",
      security: bearerAuth,
      request: { body: jsonBody(CreateAutopayRuleRequest) },
      responses: { 201: json(AutopayRule, "Created"), ...problems(400, 401, 403, 404) },
    }),
    async (c) => c.json(await createAutopayRule({ ctx: ctxOf(c), input: c.req.valid("json") }), 201),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/v1/autopay-rules/{id}",
      operationId: "getAutopayRule",
      tags,
      summary: "One autopay rule",
      security: bearerAuth,
      request: { params: IdParam },
      responses: { 200: json(AutopayRule, "The rule"), ...problems(400, 401, 403, 404) },
    }),
    async (c) => c.json(await getAutopayRule({ ctx: ctxOf(c), input: c.req.valid("param") }), 200),
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/v1/autopay-rules/{id}",
      operationId: "updateAutopayRule",
      tags,
      summary: "Change, enable or disable a rule (enabling clears the failure count)",
      security: bearerAuth,
      request: { params: IdParam, body: jsonBody(UpdateAutopayRuleRequest) },
      responses: { 200: json(AutopayRule, "Updated"), ...problems(400, 401, 403, 404) },
    }),
    async (c) =>
      c.json(
        await updateAutopayRule({
          ctx: ctxOf(c),
          input: { ...c.req.valid("param"), ...c.req.valid("json") },
        }),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/v1/autopay-rules/{id}",
      operationId: "deleteAutopayRule",
      tags,
      summary: "Delete a rule",
      security: bearerAuth,
      request: { params: IdParam },
      responses: { 204: { description: "Deleted" }, ...problems(400, 401, 403, 404) },
    }),
    async (c) => {
      await deleteAutopayRule({ ctx: ctxOf(c), input: c.req.valid("param") });
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/v1/saved-cards",
      operationId: "listSavedCards",
      tags,
      summary: "Cards saved at the acquirer (pay once with save_card: true)",
      security: bearerAuth,
      responses: { 200: json(SavedCardList, "Cards"), ...problems(401, 403) },
    }),
    async (c) => c.json(await listSavedCards({ ctx: ctxOf(c) }), 200),
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/v1/saved-cards/{id}",
      operationId: "removeSavedCard",
      tags,
      summary: "Remove a saved card; the autopay rules that charge it are switched off",
      description:
        "The card is no longer listed nor charged; enabled autopay rules using it are disabled with `disabled_reason: card_removed` in the same transaction (their count is returned). Paying again with `save_card: true` and the same card brings it back.",
      security: bearerAuth,
      request: { params: IdParam },
      responses: { 200: json(RemovedSavedCard, "Removed"), ...problems(400, 401, 403, 404) },
    }),
    async (c) => c.json(await removeSavedCard({ ctx: ctxOf(c), input: c.req.valid("param") }), 200),
  );
